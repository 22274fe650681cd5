#include "AlertNotifier.h"

#include "notify/NotificationTarget.h"
#include "notify/SmtpSettings.h"

#include <QLoggingCategory>
#include <QSettings>

namespace fw {

Q_LOGGING_CATEGORY(lcAlertNotifier, "fleetwatch.notify.node", QtInfoMsg)

AlertNotifier::AlertNotifier(
    const DispatcherConfig &config, const Clock *clock, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_dispatcher(std::make_unique<NotificationDispatcher>(config, clock, secrets))
{
    connect(m_dispatcher.get(), &NotificationDispatcher::failed, this,
        [this](const QJsonObject &alert, const QString &target, const QString &error) {
            qCWarning(lcAlertNotifier).noquote()
                << "alert" << alert.value(QLatin1String("id")).toInteger() << "not delivered to"
                << NotificationTarget::redacted(target) << ':' << error;
            emit deliveryFailed(NotificationTarget::redacted(target), error);
        });
}

AlertNotifier::~AlertNotifier() = default;

DispatcherConfig AlertNotifier::configFromSettings(const QSettings &settings)
{
    DispatcherConfig config;
    config.smtp = SmtpSettings::fromSettings(settings);
    const qsizetype queue = settings.value(QStringLiteral("notify/queue"), 1000).toLongLong();
    config.mailQueueCapacity = qMax<qsizetype>(1, queue);
    config.webhookQueueCapacity = qMax<qsizetype>(1, queue);
    return config;
}

void AlertNotifier::start()
{
    m_dispatcher->start();
}

void AlertNotifier::shutdown(int drainMs)
{
    m_dispatcher->shutdown(drainMs);
}

NotificationStats AlertNotifier::stats() const
{
    return m_dispatcher->stats();
}

void AlertNotifier::notify(const Alert &alert)
{
    if (alert.targets.isEmpty())
        return;
    m_dispatcher->enqueue(alert.toJson(), alert.targets);
}

} // namespace fw
