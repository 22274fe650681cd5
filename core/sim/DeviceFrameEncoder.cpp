#include "DeviceFrameEncoder.h"

#include <QStringList>

#if __has_include("OsmAndFrameEncoder.h")
#include "OsmAndFrameEncoder.h"
#define FW_HAVE_OSMAND_ENC
#endif
#if __has_include("Gt06FrameEncoder.h")
#include "Gt06FrameEncoder.h"
#define FW_HAVE_GT06_ENC
#endif
#if __has_include("TeltonikaFrameEncoder.h")
#include "TeltonikaFrameEncoder.h"
#define FW_HAVE_TELTONIKA_ENC
#endif
#if __has_include("H02FrameEncoder.h")
#include "H02FrameEncoder.h"
#define FW_HAVE_H02_ENC
#endif
#if __has_include("Tk103FrameEncoder.h")
#include "Tk103FrameEncoder.h"
#define FW_HAVE_TK103_ENC
#endif
#if __has_include("WialonFrameEncoder.h")
#include "WialonFrameEncoder.h"
#define FW_HAVE_WIALON_ENC
#endif
#if __has_include("XexunFrameEncoder.h")
#include "XexunFrameEncoder.h"
#define FW_HAVE_XEXUN_ENC
#endif
#if __has_include("Tlt2hFrameEncoder.h")
#include "Tlt2hFrameEncoder.h"
#define FW_HAVE_TLT2H_ENC
#endif
#if __has_include("MeitrackFrameEncoder.h")
#include "MeitrackFrameEncoder.h"
#define FW_HAVE_MEITRACK_ENC
#endif
#if __has_include("T800xFrameEncoder.h")
#include "T800xFrameEncoder.h"
#define FW_HAVE_T800X_ENC
#endif
#if __has_include("RuptelaFrameEncoder.h")
#include "RuptelaFrameEncoder.h"
#define FW_HAVE_RUPTELA_ENC
#endif
#if __has_include("GalileoFrameEncoder.h")
#include "GalileoFrameEncoder.h"
#define FW_HAVE_GALILEO_ENC
#endif
#if __has_include("CastelFrameEncoder.h")
#include "CastelFrameEncoder.h"
#define FW_HAVE_CASTEL_ENC
#endif
#if __has_include("Gl200FrameEncoder.h")
#include "Gl200FrameEncoder.h"
#define FW_HAVE_GL200_ENC
#endif
#if __has_include("SuntechFrameEncoder.h")
#include "SuntechFrameEncoder.h"
#define FW_HAVE_SUNTECH_ENC
#endif
#if __has_include("EelinkFrameEncoder.h")
#include "EelinkFrameEncoder.h"
#define FW_HAVE_EELINK_ENC
#endif
#if __has_include("Gps103FrameEncoder.h")
#include "Gps103FrameEncoder.h"
#define FW_HAVE_GPS103_ENC
#endif
#if __has_include("WatchFrameEncoder.h")
#include "WatchFrameEncoder.h"
#define FW_HAVE_WATCH_ENC
#endif
#if __has_include("Jt808FrameEncoder.h")
#include "Jt808FrameEncoder.h"
#define FW_HAVE_JT808_ENC
#endif
#if __has_include("NmeaFrameEncoder.h")
#include "NmeaFrameEncoder.h"
#define FW_HAVE_NMEA_ENC
#endif
#if __has_include("AprsFrameEncoder.h")
#include "AprsFrameEncoder.h"
#define FW_HAVE_APRS_ENC
#endif

namespace fw {

std::unique_ptr<DeviceFrameEncoder> makeDeviceFrameEncoder(QStringView protocol)
{
#ifdef FW_HAVE_OSMAND_ENC
    if (protocol == u"osmand")
        return std::make_unique<OsmAndFrameEncoder>();
#endif
#ifdef FW_HAVE_GT06_ENC
    if (protocol == u"gt06")
        return std::make_unique<Gt06FrameEncoder>();
#endif
#ifdef FW_HAVE_TELTONIKA_ENC
    if (protocol == u"teltonika")
        return std::make_unique<TeltonikaFrameEncoder>();
#endif
#ifdef FW_HAVE_H02_ENC
    if (protocol == u"h02")
        return std::make_unique<H02FrameEncoder>();
#endif
#ifdef FW_HAVE_GPS103_ENC
    if (protocol == u"gps103")
        return std::make_unique<Gps103FrameEncoder>();
#endif
#ifdef FW_HAVE_TK103_ENC
    if (protocol == u"tk103")
        return std::make_unique<Tk103FrameEncoder>();
#endif
#ifdef FW_HAVE_WIALON_ENC
    if (protocol == u"wialon")
        return std::make_unique<WialonFrameEncoder>();
#endif
#ifdef FW_HAVE_XEXUN_ENC
    if (protocol == u"xexun")
        return std::make_unique<XexunFrameEncoder>();
#endif
#ifdef FW_HAVE_TLT2H_ENC
    if (protocol == u"tlt2h")
        return std::make_unique<Tlt2hFrameEncoder>();
#endif
#ifdef FW_HAVE_MEITRACK_ENC
    if (protocol == u"meitrack")
        return std::make_unique<MeitrackFrameEncoder>();
#endif
#ifdef FW_HAVE_T800X_ENC
    if (protocol == u"t800x")
        return std::make_unique<T800xFrameEncoder>();
#endif
#ifdef FW_HAVE_RUPTELA_ENC
    if (protocol == u"ruptela")
        return std::make_unique<RuptelaFrameEncoder>();
#endif
#ifdef FW_HAVE_GALILEO_ENC
    if (protocol == u"galileo")
        return std::make_unique<GalileoFrameEncoder>();
#endif
#ifdef FW_HAVE_CASTEL_ENC
    if (protocol == u"castel")
        return std::make_unique<CastelFrameEncoder>();
#endif
#ifdef FW_HAVE_GL200_ENC
    if (protocol == u"gl200")
        return std::make_unique<Gl200FrameEncoder>();
#endif
#ifdef FW_HAVE_SUNTECH_ENC
    if (protocol == u"suntech")
        return std::make_unique<SuntechFrameEncoder>();
#endif
#ifdef FW_HAVE_EELINK_ENC
    if (protocol == u"eelink")
        return std::make_unique<EelinkFrameEncoder>();
#endif
#ifdef FW_HAVE_WATCH_ENC
    if (protocol == u"watch")
        return std::make_unique<WatchFrameEncoder>();
#endif
#ifdef FW_HAVE_JT808_ENC
    if (protocol == u"jt808")
        return std::make_unique<Jt808FrameEncoder>();
#endif
#ifdef FW_HAVE_NMEA_ENC
    if (protocol == u"nmea")
        return std::make_unique<NmeaFrameEncoder>();
#endif
#ifdef FW_HAVE_APRS_ENC
    if (protocol == u"aprs")
        return std::make_unique<AprsFrameEncoder>();
#endif
    Q_UNUSED(protocol);
    return nullptr;
}

QStringList simulatedProtocols()
{
    QStringList out;
    for (const char *name :
         { "osmand", "gt06", "teltonika", "h02", "gps103", "watch", "jt808", "nmea", "aprs",
           "tk103", "wialon", "xexun", "tlt2h", "meitrack", "eelink", "suntech", "gl200", "castel", "t800x",
           "ruptela", "galileo" }) {
        if (makeDeviceFrameEncoder(QString::fromLatin1(name)))
            out << QString::fromLatin1(name);
    }
    return out;
}

} // namespace fw
