#include "CommandLine.h"

#include "AccessCommands.h"
#include "AlertCommands.h"
#include "CliTr.h"
#include "CommandQueueCommands.h"
#include "ReportCommand.h"

#include "Arguments.h"
#include "ProtocolCommands.h"
#include "SharedCommands.h"
#include "StorageCommands.h"

#include <QCoreApplication>
#include <QHash>

namespace fw::cli {

namespace {
const QStringList &subcommands()
{
    static const QStringList list
        = { QStringLiteral("decode"), QStringLiteral("identify"), QStringLiteral("devices"),
              QStringLiteral("status"), QStringLiteral("export"), QStringLiteral("events"),
              QStringLiteral("diagnose"), QStringLiteral("protocols"), QStringLiteral("report"),
              QStringLiteral("geofences"), QStringLiteral("rules"), QStringLiteral("alerts"),
              QStringLiteral("watch"), QStringLiteral("nodes"), QStringLiteral("db"),
              QStringLiteral("command") };
    return list;
}
} // namespace

namespace {
// Options Qt's application classes take for themselves (QGuiApplication / QApplication, X11),
// with whether a value follows. Qt accepts them with one or two dashes.
const QHash<QString, bool> &qtOptions()
{
    static const QHash<QString, bool> options = {
        { QStringLiteral("platform"), true },
        { QStringLiteral("platformpluginpath"), true },
        { QStringLiteral("platformtheme"), true },
        { QStringLiteral("plugin"), true },
        { QStringLiteral("qmljsdebugger"), true },
        { QStringLiteral("qwindowgeometry"), true },
        { QStringLiteral("qwindowicon"), true },
        { QStringLiteral("qwindowtitle"), true },
        { QStringLiteral("reverse"), false },
        { QStringLiteral("session"), true },
        { QStringLiteral("style"), true },
        { QStringLiteral("stylesheet"), true },
        { QStringLiteral("widgetcount"), false },
        { QStringLiteral("display"), true },
        { QStringLiteral("geometry"), true },
        { QStringLiteral("name"), true },
        { QStringLiteral("title"), true },
        { QStringLiteral("visual"), true },
        { QStringLiteral("nograb"), false },
        { QStringLiteral("dograb"), false },
        { QStringLiteral("sync"), false },
    };
    return options;
}

// The window's own options, with whether a value follows.
const QHash<QString, bool> &windowOptions()
{
    static const QHash<QString, bool> options = {
        { QStringLiteral("--demo"), false },
        { QStringLiteral("--db"), true },
        { QStringLiteral("--config"), true },
        { QStringLiteral("--connect"), true }, // a window connected to a FleetWatch server
    };
    return options;
}
} // namespace

Mode classify(const QStringList &arguments, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return Mode::Invalid;
    };
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == u"--version" || a == u"-v" || a == u"--help" || a == u"-h" || a == u"--headless")
            return Mode::CommandLine;
        if (subcommands().contains(a))
            return Mode::CommandLine;
    }
    // No subcommand: every argument must be one the window understands.
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        const QString name = a.section(QLatin1Char('='), 0, 0);
        const bool inlineValue = name.size() != a.size();
        if (const auto it = windowOptions().constFind(name); it != windowOptions().cend()) {
            if (it.value() && !inlineValue && ++i >= arguments.size())
                return fail(CliTr::tr("fleetwatch: %1 needs a value").arg(name));
            continue;
        }
        if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            const QString bare = a.mid(a.startsWith(u"--") ? 2 : 1);
            if (const auto it = qtOptions().constFind(bare); it != qtOptions().cend()) {
                if (it.value())
                    ++i;
                continue;
            }
            if (a.startsWith(u"-psn_")) // macOS Finder's process serial number
                continue;
            return fail(unexpectedArgumentMessage(QString(), a));
        }
        const QString suggestion = nearestName(a, subcommands());
        if (!suggestion.isEmpty())
            return fail(CliTr::tr("fleetwatch: unknown command \"%1\"; did you mean \"%2\"?")
                            .arg(a, suggestion));
        return fail(CliTr::tr("fleetwatch: unknown command \"%1\" (commands: %2)")
                        .arg(a, subcommands().join(QStringLiteral(", "))));
    }
    return Mode::Window;
}

QString helpText()
{
    return CliTr::tr(
        "Usage: fleetwatch [--demo]                  open the desktop window\n"
        "       fleetwatch --connect postgresql://...  a window on a FleetWatch server\n"
        "       fleetwatch --headless [options]      run an ingest node without a window\n"
        "       fleetwatch decode [--protocol NAME|auto] [--transport tcp|udp|http]\n"
        "                         (--hex HEX | --text TEXT | -)\n"
        "       fleetwatch identify PAYLOAD          rank the protocols that accept a sample\n"
        "       fleetwatch devices add|import|list|edit|block|unblock|remove ...\n"
        "       fleetwatch status [--json]           statuses and dashboard counts\n"
        "       fleetwatch export [--device ID] [--from T] [--to T] --format csv|gpx|geojson|kml\n"
        "       fleetwatch events [--device ID] [--from T] [--to T] [--json]\n"
        "       fleetwatch report trips|stops|summary|events|geofences\n"
        "                 (--device ID | --group G | --all) --from T --to T\n"
        "                 [--format json|csv|pdf] [--output FILE] [--daily]\n"
        "                 [--speed-threshold KPH] [--min-stop SECONDS] [--min-trip-distance M]\n"
        "                 [--geocoder URL]\n"
        "       fleetwatch geofences add --name NAME (--circle LAT,LON,RADIUS_M |\n"
        "                 --polygon \"LAT LON, ...\" | --corridor \"LAT LON, ...\" --width M)\n"
        "                 [--speed-limit KPH] [--group G | --devices ID,...]\n"
        "       fleetwatch geofences import FILE [--width M] | list [--json] | remove NAME\n"
        "       fleetwatch rules add --name NAME --type TYPE [--geofence NAME] [--limit KPH]\n"
        "                 [--after SECONDS] [--status ID] [--alarm NAME|any] [--below PERCENT]\n"
        "                 [--every-km N | --every-hours N] [--devices ID,... | --group G]\n"
        "                 [--notify window|email:ADDRESS|webhook:URL]...\n"
        "       fleetwatch rules list [--json] | remove NAME\n"
        "       fleetwatch alerts [--from T] [--to T] [--device ID] [--json]\n"
        "       fleetwatch alerts ack ID [--note TEXT]\n"
        "       fleetwatch diagnose [--json]         fleet diagnosis findings\n"
        "       fleetwatch protocols [--json]        supported protocols and default ports\n"
        "       fleetwatch watch [--json] [--positions] [--device ID]\n"
        "                 follow the changes the nodes commit, one line each (PostgreSQL)\n"
        "       fleetwatch nodes [--json]            ingest nodes on this database: alive, ports\n"
        "       fleetwatch command types [--device ID] [--json]\n"
        "       fleetwatch command send ID --type TYPE [--param K=V]... [--via auto|gprs|sms]\n"
        "                 [--wait SECONDS] [--json]  queued for the node holding the device\n"
        "       fleetwatch command list [--device ID] [--json]\n"
        "       fleetwatch db init               tables, roles, row-level security (PostgreSQL)\n"
        "       fleetwatch db grant node|operator|viewer LOGIN [--groups G1,G2]\n"
        "       fleetwatch db revoke LOGIN | db access [--json]\n"
        "       fleetwatch --version | --help\n"
        "\n"
        "Global options:\n"
        "  --db URL        sqlite:PATH (default: fleetwatch.sqlite in the user data folder)\n"
        "                  or postgresql://USER[:PASS]@HOST[:PORT]/DB\n"
        "                  [?sslmode=require|verify-full&sslrootcert=FILE]\n"
        "  --config FILE   settings file; command-line options win\n"
        "\n"
        "Headless options:\n"
        "  --listen NAME=PORT      listen for protocol NAME on PORT (repeatable)\n"
        "  --bind ADDR             address to bind (default: all interfaces)\n"
        "  --register-unknown      register unknown device ids automatically\n"
        "  --gps-freshness SECONDS default 300\n"
        "  --offline-timeout SECONDS default 600\n"
        "  --stats-interval SECONDS print a stats line every N seconds (0 = only at exit)\n"
        "  --retention-days N      keep positions N days (0 = forever); a fleet setting\n"
        "  --aprs-is HOST:PORT     also take stations from an APRS-IS server as a client\n"
        "  --aprs-callsign CALL    login for --aprs-is (default N0CALL, receive only)\n"
        "  --aprs-filter FILTER    APRS-IS server filter, e.g. r/52.2/21.0/100\n"
        "  --node-id NAME          this node's name in a shared database (default: host name)\n"
        "  --raw-frames N          raw frames kept per device in a shared (PostgreSQL)\n"
        "                          database for connected windows (default 20, 0 = none)\n"
        "  --sms-gateway URL       send queued SMS commands through this HTTP gateway\n"
        "                          ({phone} and {text} are filled in)\n"
        "  --sms-method get|post   the gateway's HTTP method (default get)\n"
        "  --sms-body TEMPLATE     POST body with {phone} and {text}\n"
        "  --no-alerts             do not evaluate alert rules on this node\n"
        "  --alert-dwell SECONDS   a geofence change must hold this long (default 20)\n"
        "  --alert-rate-limit SECONDS least time between alerts of one device and rule "
        "(default 60)\n"
        "Rules' e-mail targets go through the SMTP server of the --config file (or the\n"
        "window's settings): [smtp] host, port, user, starttls, from; the password is\n"
        "read from the environment variable FW_SMTP_PASSWORD. The SMS gateway's\n"
        "Authorization header, if it needs one, from FW_SMS_AUTHORIZATION.\n");
}

bool needsPainting(const QStringList &arguments)
{
    if (!arguments.contains(QStringLiteral("report")))
        return false;
    QStringList args = arguments;
    return takeOption(args, QStringLiteral("--format")) == u"pdf";
}

int run(const QStringList &arguments, QTextStream &out, QTextStream &err, const Services &services)
{
    QStringList args = arguments.mid(1);
    if (args.contains(QStringLiteral("--version")) || args.contains(QStringLiteral("-v"))) {
        out << "FleetWatch " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    if (args.isEmpty() || args.contains(QStringLiteral("--help"))
        || args.contains(QStringLiteral("-h"))) {
        out << helpText();
        return 0;
    }
    // The subcommand is the first argument that names one.
    QString command;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (subcommands().contains(args.at(i))) {
            command = args.takeAt(i);
            break;
        }
    }
    if (command.isEmpty() && args.contains(QStringLiteral("--headless")))
        return runHeadless(args, out, err);
    if (command == u"devices")
        return runDevices(args, out, err);
    if (command == u"status")
        return runStatus(args, out, err);
    if (command == u"export")
        return runExport(args, out, err);
    if (command == u"events")
        return runEvents(args, out, err);
    if (command == u"report")
        return runReport(args, out, err, services);
    if (command == u"geofences")
        return runGeofences(args, out, err);
    if (command == u"rules")
        return runRules(args, out, err);
    if (command == u"alerts")
        return runAlerts(args, out, err);
    if (command == u"diagnose")
        return runDiagnose(args, out, err);
    if (command == u"watch")
        return runWatch(args, out, err);
    if (command == u"nodes")
        return runNodes(args, out, err);
    if (command == u"db")
        return runDb(args, out, err);
    if (command == u"command")
        return runCommand(args, out, err);
    if (command == u"protocols")
        return runProtocols(args, out, err);
    if (command == u"decode")
        return runDecode(args, out, err);
    if (command == u"identify")
        return runIdentify(args, out, err);
    err << CliTr::tr("fleetwatch: '%1' is not available yet\n")
               .arg(command.isEmpty() ? args.join(QLatin1Char(' ')) : command);
    return 2;
}

} // namespace fw::cli
