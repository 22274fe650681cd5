#include "T800xCommands.h"

namespace fw {

QByteArray encodeT800x(CommandType type, const CommandParams &p, QString *error)
{
    const auto failWith = [error](const QString &message) {
        if (error)
            *error = message;
        return QByteArray();
    };
    if (type != CommandType::Custom)
        return failWith(QStringLiteral("t800x: no such command"));
    const QString &id = p.uniqueId;
    if (id.isEmpty() || id.size() > 15
        || !std::all_of(id.begin(), id.end(), [](QChar c) { return c.isDigit(); }))
        return failWith(QStringLiteral("t800x: the device id must be up to 15 digits"));
    const QByteArray text = p.text.toLatin1();
    const int length = 7 + 8 + 1 + static_cast<int>(text.size());
    if (length > 0xffff)
        return failWith(QStringLiteral("t800x: command text too long"));
    QByteArray out("\x23\x23\x81", 3);
    out.append(static_cast<char>(length >> 8));
    out.append(static_cast<char>(length & 0xff));
    out.append('\x00');
    out.append('\x01'); // serial
    out.append(QByteArray::fromHex(id.rightJustified(16, u'0').toLatin1()));
    out.append('\x01'); // setting
    out.append(text);
    return out;
}

} // namespace fw
