#pragma once
// Small pieces the binary command encoders share: big-endian integers appended to a frame, and
// the error helper that reads as `if (bad && failCommand(error, "...")) return {};`.

#include <QByteArray>
#include <QString>

namespace fw {

inline void put16(QByteArray &b, quint32 v)
{
    b.append(static_cast<char>((v >> 8) & 0xff));
    b.append(static_cast<char>(v & 0xff));
}

inline void put32(QByteArray &b, quint32 v)
{
    put16(b, v >> 16);
    put16(b, v & 0xffff);
}

// Records the error; returns true so it can stand in a condition before `return {};`.
inline bool failCommand(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return true;
}

} // namespace fw
