#include "CommandQueueCommands.h"
#include "JsonLine.h"

#include "AccessCommands.h"
#include "Arguments.h"
#include "CliTr.h"
#include "DatabaseOptions.h"
#include "commands/CommandCatalog.h"
#include "commands/SmsSender.h"
#include "domain/DeviceModelCatalog.h"
#include "storage/CommandQueueTable.h"
#include "storage/Database.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

namespace fw::cli {

namespace {

QString usage()
{
    return CliTr::tr("fleetwatch command types [--device ID] [--json] | send ID --type TYPE "
                     "[--param K=V]... [--via auto|gprs|sms] [--wait SECONDS] [--json] | "
                     "list [--device ID] [--json]\n");
}

// The parameters a command type takes (--param K=V).
QStringList paramsOf(CommandType type)
{
    switch (type) {
    case CommandType::SetInterval:
        return { QStringLiteral("interval") };
    case CommandType::SetServer:
        return { QStringLiteral("host"), QStringLiteral("port") };
    case CommandType::Custom:
        return { QStringLiteral("text") };
    default:
        return {};
    }
}

QStringList allTypeIds()
{
    QStringList ids;
    for (int i = 0; i < kCommandTypeCount; ++i)
        ids.append(commandTypeId(static_cast<CommandType>(i)));
    return ids;
}

QString timeText(TimeMs t)
{
    return t == kNoTime ? QString() : toIso(t);
}

QJsonObject outcomeJson(const QueuedCommand &c)
{
    return QJsonObject { { QStringLiteral("id"), c.id }, { QStringLiteral("status"), c.status },
        { QStringLiteral("reply"), c.reply }, { QStringLiteral("node"), c.node } };
}

QJsonObject rowJson(const QueuedCommand &c)
{
    QJsonObject o = outcomeJson(c);
    o.insert(QStringLiteral("uniqueId"), c.uniqueId);
    o.insert(QStringLiteral("type"), c.type);
    o.insert(QStringLiteral("params"), QJsonObject::fromVariantMap(c.params));
    o.insert(QStringLiteral("channel"), c.channel);
    o.insert(QStringLiteral("error"), c.error);
    o.insert(QStringLiteral("createdBy"), c.createdBy);
    o.insert(QStringLiteral("createdAt"), timeText(c.createdAt));
    o.insert(QStringLiteral("sentAt"), timeText(c.sentAt));
    o.insert(QStringLiteral("finishedAt"), timeText(c.finishedAt));
    o.insert(QStringLiteral("expiresAt"), timeText(c.expiresAt));
    return o;
}

int runTypes(QStringList &args, QTextStream &out, QTextStream &err)
{
    const bool json = takeFlag(args, QStringLiteral("--json"));
    bool hasDevice = false;
    const QString uniqueId = takeOption(args, QStringLiteral("--device"), &hasDevice);
    if (hasDevice && uniqueId.isEmpty()) {
        err << CliTr::tr("fleetwatch command types: --device needs a device id\n");
        return 2;
    }
    const DeviceModelCatalog models;
    const CommandCatalog catalog(models);
    QList<CommandDefinition> defs;
    if (hasDevice) {
        Database db;
        if (!openDatabase(args, db, err))
            return 1;
        if (rejectLeftovers(args, QStringLiteral("command types"), err))
            return 2;
        const std::optional<Device> device = db.findDevice(uniqueId);
        if (!device) {
            err << CliTr::tr("fleetwatch command types: no device \"%1\"\n").arg(uniqueId);
            return 1;
        }
        defs = catalog.forDevice(*device);
    } else {
        takeOption(args, QStringLiteral("--db"));
        takeOption(args, QStringLiteral("--config"));
        if (rejectLeftovers(args, QStringLiteral("command types"), err))
            return 2;
        for (int i = 0; i < kCommandTypeCount; ++i) {
            CommandDefinition d;
            d.type = static_cast<CommandType>(i);
            d.id = commandTypeId(d.type);
            d.title = commandTypeTitle(d.type);
            d.gprs = true; // some protocol has it; a device's model says which
            d.smsTemplate = QStringLiteral("-");
            defs.append(d);
        }
    }
    QJsonArray types;
    for (const CommandDefinition &d : std::as_const(defs)) {
        QStringList channels;
        if (d.gprs)
            channels.append(QStringLiteral("gprs"));
        if (!d.smsTemplate.isEmpty())
            channels.append(QStringLiteral("sms"));
        const QStringList params = paramsOf(d.type);
        if (!json) {
            out << d.id << '\t' << d.title << '\t' << channels.join(QLatin1Char(',')) << '\t'
                << params.join(QLatin1Char(',')) << '\n';
            continue;
        }
        types.append(QJsonObject { { QStringLiteral("type"), d.id },
            { QStringLiteral("title"), d.title },
            { QStringLiteral("channels"), QJsonArray::fromStringList(channels) },
            { QStringLiteral("params"), QJsonArray::fromStringList(params) } });
    }
    if (json)
        printJsonLine(out, QJsonObject { { QStringLiteral("types"), types } });
    return 0;
}

int runSend(QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString cmd = QStringLiteral("command send");
    const bool json = takeFlag(args, QStringLiteral("--json"));
    bool hasType = false;
    const QString typeId = takeOption(args, QStringLiteral("--type"), &hasType);
    const QStringList paramTexts = takeOptions(args, QStringLiteral("--param"));
    bool hasVia = false;
    const QString via = takeOption(args, QStringLiteral("--via"), &hasVia);
    bool hasWait = false;
    const QString waitText = takeOption(args, QStringLiteral("--wait"), &hasWait);
    CommandType type = CommandType::Custom;
    if (!hasType || !commandTypeFromId(typeId, &type)) {
        const QString near = nearestName(typeId, allTypeIds());
        err << "fleetwatch " << cmd << ": "
            << (!hasType ? CliTr::tr("--type TYPE is required (see `fleetwatch command types`)")
                    : near.isEmpty()
                    ? CliTr::tr("unknown command type \"%1\" (types: %2)")
                          .arg(typeId, allTypeIds().join(QStringLiteral(", ")))
                    : CliTr::tr("unknown command type \"%1\"; did you mean \"%2\"?")
                          .arg(typeId, near))
            << '\n';
        return 2;
    }
    QVariantMap params;
    for (const QString &p : paramTexts) {
        const qsizetype eq = p.indexOf(QLatin1Char('='));
        const QString key = eq > 0 ? p.left(eq).trimmed() : QString();
        if (key.isEmpty() || !paramsOf(type).contains(key)) {
            err << "fleetwatch " << cmd << ": "
                << CliTr::tr("%1 takes no parameter \"%2\" (it takes: %3)")
                       .arg(typeId, eq > 0 ? key : p,
                           paramsOf(type).isEmpty() ? CliTr::tr("none")
                                                    : paramsOf(type).join(QStringLiteral(", ")))
                << '\n';
            return 2;
        }
        params.insert(key, p.mid(eq + 1));
    }
    if (hasVia && via != u"auto" && via != u"gprs" && via != u"sms") {
        err << "fleetwatch " << cmd << ": "
            << CliTr::tr("--via takes auto, gprs or sms, not \"%1\"").arg(via) << '\n';
        return 2;
    }
    bool waitOk = true;
    const int waitSecs = hasWait ? waitText.toInt(&waitOk) : 0;
    if (!waitOk || waitSecs < 0) {
        err << "fleetwatch " << cmd << ": "
            << CliTr::tr("--wait needs a number of seconds, got \"%1\"").arg(waitText) << '\n';
        return 2;
    }
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    if (args.isEmpty()) {
        err << "fleetwatch " << cmd << ": " << CliTr::tr("which device? Give its id") << '\n';
        return 2;
    }
    if (args.first().startsWith(u"--") ? rejectLeftovers(args, cmd, err)
                                       : rejectLeftovers(args.mid(1), cmd, err))
        return 2;
    const QString uniqueId = args.first();
    if (refuseUnless(db.capabilities(), Right::QueueCommands, cmd, err))
        return 1;
    const std::optional<Device> device = db.findDevice(uniqueId);
    if (!device) {
        err << "fleetwatch " << cmd << ": " << CliTr::tr("no device \"%1\"").arg(uniqueId) << '\n';
        return 1;
    }
    const DeviceModelCatalog models;
    const CommandCatalog catalog(models);
    const std::optional<CommandDefinition> def = catalog.find(*device, type);
    if (!def) {
        err << "fleetwatch " << cmd << ": "
            << CliTr::tr("%1 cannot be sent %2 (see `fleetwatch command types --device %1`)")
                   .arg(uniqueId, typeId)
            << '\n';
        return 1;
    }
    const bool wantSms = via == u"sms" || (via != u"gprs" && !def->gprs);
    if (wantSms && def->smsTemplate.isEmpty()) {
        err << "fleetwatch " << cmd << ": "
            << CliTr::tr("%1 has no SMS form for %2").arg(typeId, uniqueId) << '\n';
        return 1;
    }
    if (wantSms && SmsSender::normalizePhone(device->phone).isEmpty()) {
        err << "fleetwatch " << cmd << ": "
            << CliTr::tr("%1 has no phone number to send an SMS to (devices edit %1 --phone ...)")
                   .arg(uniqueId)
            << '\n';
        return 1;
    }
    if (!wantSms && !def->gprs) {
        err << "fleetwatch " << cmd << ": "
            << CliTr::tr("%1 has no GPRS form for %2; use --via sms").arg(typeId, uniqueId) << '\n';
        return 1;
    }
    // Checked here so a missing parameter is said now, not recorded later as a failure.
    CommandParams check;
    check.uniqueId = uniqueId;
    check.now = 0;
    check.intervalSecs = params.value(QStringLiteral("interval"), 30).toInt();
    check.host = params.value(QStringLiteral("host")).toString();
    check.port = static_cast<quint16>(params.value(QStringLiteral("port")).toUInt());
    check.text = params.value(QStringLiteral("text")).toString();
    QString encodeError;
    if (!wantSms
        && encodeGprsCommand(catalog.protocolOf(*device), type, check, &encodeError).isEmpty()) {
        err << "fleetwatch " << cmd << ": " << encodeError << '\n';
        return 2;
    }
    QueuedCommand c;
    c.uniqueId = uniqueId;
    c.type = typeId;
    c.params = params;
    // SMS: sent by a node started with --sms-gateway (the gateway's acceptance is the outcome;
    // the tracker answers by SMS to the gateway's number, not here).
    c.channel = wantSms ? QStringLiteral("sms") : QStringLiteral("gprs");
    CommandQueueTable table(db);
    const TimeMs lifetime
        = std::max<TimeMs>(CommandQueueTable::kDefaultLifetime, waitSecs * kSecond);
    c.id = table.queue(c, lifetime);
    if (c.id == 0) {
        err << "fleetwatch " << cmd << ": " << table.lastError() << '\n';
        return 1;
    }
    c.status = QStringLiteral("queued");
    // Waits by reading the one row a few times a second: short, and only while asked to.
    QElapsedTimer waited;
    waited.start();
    const auto done = [wantSms](const QueuedCommand &q) {
        return q.isFinal() || (wantSms && q.status == u"sent");
    };
    while (hasWait && !done(c) && waited.elapsed() < waitSecs * qint64(1000)) {
        QThread::msleep(200);
        if (const std::optional<QueuedCommand> now = table.find(c.id))
            c = *now;
    }
    if (json) {
        printJsonLine(out, outcomeJson(c));
    } else {
        out << CliTr::tr("command %1: %2").arg(c.id).arg(c.status);
        if (!c.node.isEmpty())
            out << CliTr::tr(" (node %1)").arg(c.node);
        if (!c.reply.isEmpty())
            out << ": " << c.reply;
        out << '\n';
    }
    return c.status == u"failed" || c.status == u"expired" ? 1 : 0;
}

int runList(QStringList &args, QTextStream &out, QTextStream &err)
{
    const bool json = takeFlag(args, QStringLiteral("--json"));
    bool hasDevice = false;
    const QString uniqueId = takeOption(args, QStringLiteral("--device"), &hasDevice);
    if (hasDevice && uniqueId.isEmpty()) {
        err << CliTr::tr("fleetwatch command list: --device needs a device id\n");
        return 2;
    }
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    if (rejectLeftovers(args, QStringLiteral("command list"), err))
        return 2;
    CommandQueueTable table(db);
    const std::optional<QList<QueuedCommand>> rows = table.list(uniqueId, {}, 10'000);
    if (!rows) {
        err << "fleetwatch command list: " << table.lastError() << '\n';
        return 1;
    }
    QJsonArray list;
    for (const QueuedCommand &c : *rows) {
        if (json) {
            list.append(rowJson(c));
            continue;
        }
        out << c.id << '\t' << c.uniqueId << '\t' << c.type << '\t' << c.channel << '\t'
            << c.status << '\t' << timeText(c.createdAt) << '\t' << c.createdBy << '\t' << c.node
            << '\t' << (c.reply.isEmpty() ? c.error : c.reply) << '\n';
    }
    if (json)
        printJsonLine(out, QJsonObject { { QStringLiteral("commands"), list } });
    return 0;
}

} // namespace

int runCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    const QString action = args.isEmpty() ? QString() : args.takeFirst();
    if (action == u"types")
        return runTypes(args, out, err);
    if (action == u"send")
        return runSend(args, out, err);
    if (action == u"list")
        return runList(args, out, err);
    err << usage();
    return 2;
}

} // namespace fw::cli
