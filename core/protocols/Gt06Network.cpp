#include "Gt06Network.h"

#include "Gt06MessageTypes.h"

namespace fw::gt06 {

namespace {

QString macText(QByteArrayView mac)
{
    return QString::fromLatin1(mac.toByteArray().toHex());
}

// MCC, then an MNC of one byte, or of two when bit 15 of the MCC says so.
void readOperator(ByteReader &r, int &mcc, int &mnc)
{
    const quint16 raw = r.u16();
    mcc = raw & 0x7fff;
    mnc = (raw & 0x8000) ? r.u16() : r.u8();
}

// `count` cells of LAC, cell id and signal, of the given widths; empty slots (zero LAC and
// cell id) are padding.
void readCells(ByteReader &r, int count, int lacBytes, int cidBytes, int mcc, int mnc,
               Network &network)
{
    for (int i = 0; i < count && !r.overrun(); ++i) {
        const auto lac = static_cast<qint64>(r.be(lacBytes));
        const auto cid = static_cast<qint64>(r.be(cidBytes));
        const int signal = r.u8();
        if (!r.overrun() && (lac != 0 || cid != 0))
            network.addCell(mcc, mnc, lac, cid, signal);
    }
}

void readWifi(ByteReader &r, int count, Network &network)
{
    for (int i = 0; i < count && !r.overrun(); ++i) {
        const QByteArrayView mac = r.bytes(6);
        const int signal = r.u8();
        if (!r.overrun())
            network.addWifi(macText(mac), -signal);
    }
}

} // namespace

bool readNetwork(quint8 type, int wifiCount, ByteReader &r, Network &network)
{
    int mcc = 0;
    int mnc = 0;
    switch (type) {
    case kWifi:
    case kWifi2: {
        // Access points first (their count is the frame's length byte), then the cells.
        readWifi(r, wifiCount, network);
        if (r.remaining() == 0)
            break;
        const int cells = r.u8();
        readOperator(r, mcc, mnc);
        readCells(r, cells, 2, 2, mcc, mnc, network);
        break;
    }
    case kLbsMultiple1:
    case kLbsMultiple2:
    case kLbsExtend:
        // The serving cell and six neighbours, short LAC and cell id.
        readOperator(r, mcc, mnc);
        readCells(r, 7, 2, 3, mcc, mnc, network);
        break;
    case kLbsWifi:
        readOperator(r, mcc, mnc);
        readCells(r, 7, 2, 3, mcc, mnc, network);
        r.u8(); // timing advance
        readWifi(r, r.u8(), network);
        break;
    case kLbs2:
    case kWifi3:
        // 4G: a four-byte LAC (TAC) and an eight-byte cell id; 0xA2 adds the access points.
        readOperator(r, mcc, mnc);
        readCells(r, 7, 4, 8, mcc, mnc, network);
        if (type == kWifi3) {
            r.u8(); // timing advance
            readWifi(r, r.u8(), network);
        }
        break;
    default:
        return true; // a layout we do not read: the report stays without a network
    }
    network.radioType = (type == kLbs2 || type == kWifi3) ? QStringLiteral("lte")
                                                          : QStringLiteral("gsm");
    return !r.overrun();
}

} // namespace fw::gt06
