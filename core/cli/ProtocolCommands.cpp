#include "ProtocolCommands.h"
#include "JsonLine.h"
#include "CliTr.h"

#include "Arguments.h"
#include "protocols/MessageJson.h"
#include "protocols/ProtocolRegistry.h"
#include "protocols/SampleReplayer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fw::cli {

namespace {
QJsonObject errorLine(const QString &error)
{
    return QJsonObject { { QStringLiteral("ok"), false }, { QStringLiteral("error"), error } };
}
} // namespace

int runProtocols(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    takeOption(args, QStringLiteral("--db"));
    takeOption(args, QStringLiteral("--config"));
    if (!args.isEmpty()) {
        err << unexpectedArgumentMessage(QStringLiteral("protocols"), args.first()) << '\n';
        return 2;
    }
    const ProtocolRegistry registry;
    QJsonArray list;
    for (const auto &d : registry.decoders()) {
        const ProtocolInfo &info = d->info();
        QStringList transports;
        if (info.tcp)
            transports << (info.http ? QStringLiteral("http") : QStringLiteral("tcp"));
        if (info.udp)
            transports << QStringLiteral("udp");
        if (json) {
            list.append(QJsonObject { { QStringLiteral("name"), info.name },
                                      { QStringLiteral("title"), info.title },
                                      { QStringLiteral("port"), info.defaultPort },
                                      { QStringLiteral("transports"),
                                        QJsonArray::fromStringList(transports) } });
        } else {
            out << QStringLiteral("%1 %2 %3  %4\n")
                       .arg(info.name, -10)
                       .arg(info.defaultPort, 5)
                       .arg(transports.join(QLatin1Char('+')), -8)
                       .arg(info.title);
        }
    }
    if (json)
        printJsonLine(out, QJsonObject { { QStringLiteral("protocols"), list } });
    return 0;
}

int runDecode(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    const ProtocolRegistry registry;
    SampleReplayer replayer(registry);
    QString protocol = takeOption(args, QStringLiteral("--protocol"));
    if (protocol.isEmpty())
        protocol = QStringLiteral("auto");
    const QString transportName = takeOption(args, QStringLiteral("--transport"));
    Transport transport = Transport::Tcp;
    if (transportName == u"udp")
        transport = Transport::Udp;
    else if (transportName == u"http")
        transport = Transport::Http;
    else if (!transportName.isEmpty() && transportName != u"tcp") {
        err << CliTr::tr("fleetwatch decode: unknown transport (use tcp, udp or http)\n");
        return 2;
    }
    bool hasHex = false, hasText = false;
    const QString hex = takeOption(args, QStringLiteral("--hex"), &hasHex);
    const QString text = takeOption(args, QStringLiteral("--text"), &hasText);
    takeOption(args, QStringLiteral("--db"));
    takeOption(args, QStringLiteral("--config"));
    const bool fromStdin = takeFlag(args, QStringLiteral("-"));
    if (!args.isEmpty()) {
        err << unexpectedArgumentMessage(QStringLiteral("decode"), args.first()) << '\n';
        return 2;
    }
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();

    if (hasHex || hasText) {
        QString error;
        const QByteArray bytes = hasHex ? SampleReplayer::payloadBytes(QStringLiteral("hex"), hex,
                                                                       &error)
                                        : text.toLatin1();
        if (!error.isEmpty()) {
            printJsonLine(out, errorLine(error));
            return 1;
        }
        const ReplayOutput r = replayer.decode(protocol, transport, bytes, now);
        printJsonLine(out, decodeResultToJson(r.protocol, r.result, r.uniqueId));
        return r.result.ok() ? 0 : 1;
    }
    if (!fromStdin) {
        err << CliTr::tr("fleetwatch decode: give --hex HEX, --text TEXT or - (JSON lines on stdin)\n");
        return 2;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        err << CliTr::tr("fleetwatch decode: cannot read standard input\n");
        return 2;
    }
    int failures = 0;
    qint64 lineNumber = 0;
    while (!in.atEnd()) {
        const QByteArray line = in.readLine(1 << 20).trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QJsonParseError parseError {};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (!doc.isObject()) {
            printJsonLine(out, errorLine(QStringLiteral("line %1: not a JSON object (%2)")
                                             .arg(lineNumber)
                                             .arg(parseError.errorString())));
            ++failures;
            continue;
        }
        QJsonObject sample = doc.object();
        if (protocol != u"auto" && !sample.contains(QStringLiteral("protocol")))
            sample.insert(QStringLiteral("protocol"), protocol);
        const ReplayOutput r = replayer.decodeJsonSample(sample, now);
        QJsonObject result = decodeResultToJson(r.protocol, r.result, r.uniqueId);
        if (sample.contains(QStringLiteral("id")))
            result.insert(QStringLiteral("id"), sample.value(QStringLiteral("id")));
        printJsonLine(out, result);
        if (!r.result.ok())
            ++failures;
    }
    return 0; // per-line errors are reported in the output; the run itself succeeded
}

int runIdentify(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    const bool json = args.removeAll(QStringLiteral("--json")) > 0;
    if (args.isEmpty()) {
        err << CliTr::tr("fleetwatch identify: give a sample (hex, or text)\n");
        return 2;
    }
    const QString sample = args.join(QLatin1Char(' '));
    QString error;
    QByteArray bytes = SampleReplayer::payloadBytes(QStringLiteral("hex"), sample, &error);
    if (!error.isEmpty())
        bytes = sample.toLatin1(); // not hex: a text protocol sample
    const ProtocolRegistry registry;
    const QList<IdentifyMatch> matches =
        registry.identify(bytes, QDateTime::currentMSecsSinceEpoch());
    if (json) {
        QJsonArray list;
        for (const IdentifyMatch &m : matches)
            list.append(QJsonObject { { QStringLiteral("protocol"), m.protocol },
                                      { QStringLiteral("port"), m.defaultPort },
                                      { QStringLiteral("score"), m.score },
                                      { QStringLiteral("summary"), m.summary } });
        printJsonLine(out, QJsonObject { { QStringLiteral("matches"), list } });
    } else if (matches.isEmpty()) {
        out << CliTr::tr("No known protocol accepts this sample.\n");
    } else {
        for (const IdentifyMatch &m : matches)
            out << QStringLiteral("%1 score %2  default port %3  (%4)\n")
                       .arg(m.protocol, -10)
                       .arg(m.score, 3)
                       .arg(m.defaultPort)
                       .arg(m.summary);
    }
    return matches.isEmpty() ? 1 : 0;
}

} // namespace fw::cli
