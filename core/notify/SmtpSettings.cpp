#include "SmtpSettings.h"

#include <QSettings>

namespace fw {

namespace {
const QString kHost = QStringLiteral("smtp/host");
const QString kPort = QStringLiteral("smtp/port");
const QString kUser = QStringLiteral("smtp/user");
const QString kStartTls = QStringLiteral("smtp/starttls");
const QString kFrom = QStringLiteral("smtp/from");
const QString kCaFile = QStringLiteral("smtp/caFile");
const QString kTimeoutMs = QStringLiteral("smtp/timeoutMs");
constexpr int kImplicitTlsPort = 465;
} // namespace

QString SmtpSettings::url() const
{
    const QString scheme = port == kImplicitTlsPort ? QStringLiteral("smtps://")
                                                    : QStringLiteral("smtp://");
    return scheme + host + QLatin1Char(':') + QString::number(port);
}

SmtpSettings SmtpSettings::fromSettings(const QSettings &settings)
{
    SmtpSettings s;
    s.host = settings.value(kHost).toString().trimmed();
    s.port = settings.value(kPort, s.port).toInt();
    s.user = settings.value(kUser).toString();
    s.startTls = settings.value(kStartTls, s.startTls).toBool();
    s.from = settings.value(kFrom).toString().trimmed();
    s.caFile = settings.value(kCaFile).toString();
    s.timeoutMs = settings.value(kTimeoutMs, s.timeoutMs).toInt();
    return s;
}

void SmtpSettings::save(QSettings &settings) const
{
    settings.setValue(kHost, host);
    settings.setValue(kPort, port);
    settings.setValue(kUser, user);
    settings.setValue(kStartTls, startTls);
    settings.setValue(kFrom, from);
    settings.setValue(kCaFile, caFile);
    settings.setValue(kTimeoutMs, timeoutMs);
}

} // namespace fw
