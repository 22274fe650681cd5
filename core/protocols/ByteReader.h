#pragma once
// ByteReader: bounds-checked big/little-endian reads over a byte view for binary decoders.
// Reading past the end never touches memory outside the view: it sets a sticky `overrun` flag
// and returns zero, so a decoder reads its fields straight through and checks once at the end.

#include <QByteArrayView>
#include <QtGlobal>

namespace fw {

class ByteReader
{
public:
    explicit ByteReader(QByteArrayView data)
        : m_data(data)
    {
    }

    qsizetype position() const { return m_pos; }
    qsizetype remaining() const { return m_data.size() - m_pos; }
    bool overrun() const { return m_overrun; }
    bool atEnd() const { return m_pos >= m_data.size(); }

    quint8 u8()
    {
        if (!need(1))
            return 0;
        return static_cast<quint8>(m_data[m_pos++]);
    }
    quint16 u16() { return static_cast<quint16>(be(2)); }
    quint32 u24() { return static_cast<quint32>(be(3)); }
    quint32 u32() { return static_cast<quint32>(be(4)); }
    quint64 u64() { return be(8); }
    qint8 s8() { return static_cast<qint8>(u8()); }
    qint16 s16() { return static_cast<qint16>(u16()); }
    qint32 s32() { return static_cast<qint32>(u32()); }
    qint64 s64() { return static_cast<qint64>(u64()); }
    quint16 u16le() { return static_cast<quint16>(le(2)); }
    quint32 u32le() { return static_cast<quint32>(le(4)); }

    // Unsigned big-endian integer of n (1..8) bytes.
    quint64 be(int n)
    {
        if (!need(n))
            return 0;
        quint64 v = 0;
        for (int i = 0; i < n; ++i)
            v = (v << 8) | static_cast<quint8>(m_data[m_pos++]);
        return v;
    }
    quint64 le(int n)
    {
        if (!need(n))
            return 0;
        quint64 v = 0;
        for (int i = 0; i < n; ++i)
            v |= static_cast<quint64>(static_cast<quint8>(m_data[m_pos++])) << (8 * i);
        return v;
    }

    QByteArrayView bytes(qsizetype n)
    {
        if (!need(n))
            return {};
        const QByteArrayView v = m_data.sliced(m_pos, n);
        m_pos += n;
        return v;
    }
    void skip(qsizetype n)
    {
        if (need(n))
            m_pos += n;
    }
    quint8 peek(qsizetype offset = 0) const
    {
        return m_pos + offset < m_data.size() && m_pos + offset >= 0
            ? static_cast<quint8>(m_data[m_pos + offset])
            : 0;
    }

private:
    bool need(qsizetype n)
    {
        if (n < 0 || m_pos + n > m_data.size()) {
            m_overrun = true;
            m_pos = m_data.size();
            return false;
        }
        return true;
    }

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_overrun = false;
};

// Packed BCD byte (0x23 -> 23); returns -1 when a nibble is not a decimal digit.
inline int bcd(quint8 b)
{
    const int hi = b >> 4, lo = b & 0x0f;
    return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

} // namespace fw
