// Composition root: decides between the command line and the window, and hands over to the
// command line or to a DesktopSession. No logic lives here.
#include "app/DesktopSession.h"
#include "dialogs/FirstStartDialog.h"
#include "dialogs/ServerConnectionForm.h"
#include "cli/CommandLine.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/ModelChangeTrace.h"
#include "ingest/EpollEventDispatcher.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/Theme.h"
#include "reports/ReportPdfWriter.h"
#include "secrets/KeychainSecretStore.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

#include <memory>

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatch"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("fleetwatch.example.org"));
    QCoreApplication::setApplicationName(QStringLiteral("FleetWatch"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FW_VERSION));
}

void installTranslations(QCoreApplication &app)
{
    const QString language = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    if (translator->load(
            locale, QStringLiteral("fleetwatch"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
}

QString optionValue(const QStringList &args, const QString &name)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
}
} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    setIdentity();

    const fw::cli::Mode mode = fw::cli::classify(arguments);
    if (mode == fw::cli::Mode::Invalid) {
        QCoreApplication app(argc, argv);
        installTranslations(app); // the message in the user's language
        QString error;
        fw::cli::classify(arguments, &error);
        QTextStream(stderr) << error << '\n';
        return 2;
    }
    if (mode == fw::cli::Mode::CommandLine) {
        // A headless node's sockets run on epoll where there is one (cost per frame independent
        // of the number of connections).
        if (arguments.contains(QStringLiteral("--headless"))) {
            if (QAbstractEventDispatcher *dispatcher = fw::EpollEventDispatcher::create())
                QCoreApplication::setEventDispatcher(dispatcher);
        }
        // A PDF report draws (fonts, the map): a GUI application, on no screen at all.
        const bool painting = fw::cli::needsPainting(arguments);
        if (painting && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        std::unique_ptr<QCoreApplication> app = painting
            ? std::make_unique<QApplication>(argc, argv)
            : std::make_unique<QCoreApplication>(argc, argv);
        installTranslations(*app);
        // Scripts read stdout; keep informational chatter off unless asked for.
        if (!arguments.contains(QStringLiteral("--headless"))
            && qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
            QLoggingCategory::setFilterRules(QStringLiteral("fleetwatch.*.info=false"));
        fw::cli::Services services;
        if (painting) {
            services.writeReportPdf
                = [](const fw::ReportResult &result, const QString &path, QString *error) {
                      return fw::ReportPdfWriter().write(result, path, error);
                  };
        }
        QTextStream out(stdout);
        QTextStream err(stderr);
        const int code = fw::cli::run(app->arguments(), out, err, services);
        out.flush();
        err.flush();
        return code;
    }

    QApplication app(argc, argv);
    QGuiApplication::setDesktopFileName(QStringLiteral("org.fleetwatch.FleetWatch"));
    installTranslations(app);
    fw::applyTheme(QSettings().value(QStringLiteral("ui/theme")).toString());
    fw::KeychainSecretStore keychain;
    fw::DesktopSession::Options options;
    options.secretStore = &keychain;
    options.databaseUrl = optionValue(arguments, QStringLiteral("--db"));
    options.serverUrl = optionValue(arguments, QStringLiteral("--connect"));
    options.demo = arguments.contains(QStringLiteral("--demo")) && options.serverUrl.isEmpty();
    // The window's mode: --db or --connect decide; else the stored choice; else it is asked
    // once (an installation from before the choice existed, or --demo, receives the trackers).
    using Mode = fw::ServerConnectionForm::Mode;
    const bool fromCommandLine = !options.databaseUrl.isEmpty() || !options.serverUrl.isEmpty();
    const auto ask = [&options](const QString &problem) {
        fw::FirstStartDialog dialog;
        dialog.setProblem(problem);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        const bool connect = dialog.form()->mode() == Mode::Connect;
        options.serverUrl = connect ? dialog.form()->serverUrl() : QString();
        options.newServerPassword = connect ? dialog.form()->enteredPassword() : QString();
        return true;
    };
    if (!fromCommandLine) {
        Mode windowMode = fw::ServerConnectionForm::storedMode();
        if (windowMode == Mode::Unset
            && (options.demo || QSettings().contains(QStringLiteral("database/url"))))
            windowMode = Mode::Receive;
        if (windowMode == Mode::Unset && !ask({}))
            return 0;
        if (windowMode == Mode::Connect)
            options.serverUrl = fw::ServerConnectionForm::storedServerUrl();
    }
    std::unique_ptr<fw::DesktopSession> session;
    for (;;) {
        session = std::make_unique<fw::DesktopSession>(options);
        QString error;
        if (session->start(&error))
            break;
        session.reset();
        // A server that cannot be used: say why and let the operator change the choice.
        if (!fromCommandLine && !options.serverUrl.isEmpty()) {
            if (!ask(QObject::tr("FleetWatch could not connect: %1").arg(error)))
                return 1;
            continue;
        }
        QMessageBox::critical(nullptr, QObject::tr("FleetWatch"),
            QObject::tr("FleetWatch cannot start: %1").arg(error));
        return 1;
    }
    // Diagnostic, not user-facing: FW_MODEL_CHANGE_TRACE=FILE ("-": stdout) writes a line per
    // change of the device list (remote_bench measures a connected window's latency with it).
    if (const QString trace = qEnvironmentVariable("FW_MODEL_CHANGE_TRACE"); !trace.isEmpty())
        new fw::ModelChangeTrace(session->window()->deviceModel(), trace); // the model's child
    session->window()->show();
    return app.exec();
}
