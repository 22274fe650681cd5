// Composition root: decides between the command line and the window, builds the shared pieces
// and hands them over. No logic lives here.
#include "cli/CommandLine.h"
#include "mainwindow/MainWindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <cstdio>

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatch"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("fleetwatch.example.org"));
    QCoreApplication::setApplicationName(QStringLiteral("FleetWatch"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FW_VERSION));
}

void installTranslations(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("fleetwatch"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
}
} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    setIdentity();

    if (fw::cli::isCommandLineMode(arguments)) {
        QCoreApplication app(argc, argv);
        installTranslations(app, QSettings().value(QStringLiteral("ui/language")).toString());
        QTextStream out(stdout);
        QTextStream err(stderr);
        const int code = fw::cli::run(app.arguments(), out, err);
        out.flush();
        err.flush();
        return code;
    }

    QApplication app(argc, argv);
    installTranslations(app, QSettings().value(QStringLiteral("ui/language")).toString());
    fw::MainWindow window;
    window.show();
    return app.exec();
}
