#include "ProtocolRegistry.h"

#include <algorithm>

#if __has_include("OsmAndDecoder.h")
#include "OsmAndDecoder.h"
#define FW_HAVE_OSMAND
#endif
#if __has_include("Gt06Decoder.h")
#include "Gt06Decoder.h"
#define FW_HAVE_GT06
#endif
#if __has_include("TeltonikaDecoder.h")
#include "TeltonikaDecoder.h"
#define FW_HAVE_TELTONIKA
#endif
#if __has_include("H02Decoder.h")
#include "H02Decoder.h"
#define FW_HAVE_H02
#endif
#if __has_include("Gps103Decoder.h")
#include "Gps103Decoder.h"
#define FW_HAVE_GPS103
#endif
#if __has_include("WatchDecoder.h")
#include "WatchDecoder.h"
#define FW_HAVE_WATCH
#endif
#if __has_include("Jt808Decoder.h")
#include "Jt808Decoder.h"
#define FW_HAVE_JT808
#endif
#if __has_include("NmeaDecoder.h")
#include "NmeaDecoder.h"
#define FW_HAVE_NMEA
#endif
#if __has_include("Tk103Decoder.h")
#include "Tk103Decoder.h"
#define FW_HAVE_TK103
#endif
#if __has_include("WialonDecoder.h")
#include "WialonDecoder.h"
#define FW_HAVE_WIALON
#endif
#if __has_include("XexunDecoder.h")
#include "XexunDecoder.h"
#define FW_HAVE_XEXUN
#endif
#if __has_include("Tlt2hDecoder.h")
#include "Tlt2hDecoder.h"
#define FW_HAVE_TLT2H
#endif
#if __has_include("MeitrackDecoder.h")
#include "MeitrackDecoder.h"
#define FW_HAVE_MEITRACK
#endif
#if __has_include("T800xDecoder.h")
#include "T800xDecoder.h"
#define FW_HAVE_T800X
#endif
#if __has_include("RuptelaDecoder.h")
#include "RuptelaDecoder.h"
#define FW_HAVE_RUPTELA
#endif
#if __has_include("GalileoDecoder.h")
#include "GalileoDecoder.h"
#define FW_HAVE_GALILEO
#endif
#if __has_include("CastelDecoder.h")
#include "CastelDecoder.h"
#define FW_HAVE_CASTEL
#endif
#if __has_include("Gl200Decoder.h")
#include "Gl200Decoder.h"
#define FW_HAVE_GL200
#endif
#if __has_include("SuntechDecoder.h")
#include "SuntechDecoder.h"
#define FW_HAVE_SUNTECH
#endif
#if __has_include("EelinkDecoder.h")
#include "EelinkDecoder.h"
#define FW_HAVE_EELINK
#endif
#if __has_include("AprsDecoder.h")
#include "AprsDecoder.h"
#define FW_HAVE_APRS
#endif

namespace fw {

ProtocolRegistry::ProtocolRegistry()
{
#ifdef FW_HAVE_OSMAND
    m_decoders.push_back(std::make_unique<OsmAndDecoder>());
#endif
#ifdef FW_HAVE_GT06
    m_decoders.push_back(std::make_unique<Gt06Decoder>());
#endif
#ifdef FW_HAVE_TELTONIKA
    m_decoders.push_back(std::make_unique<TeltonikaDecoder>());
#endif
#ifdef FW_HAVE_H02
    m_decoders.push_back(std::make_unique<H02Decoder>());
#endif
#ifdef FW_HAVE_GPS103
    m_decoders.push_back(std::make_unique<Gps103Decoder>());
#endif
#ifdef FW_HAVE_WATCH
    m_decoders.push_back(std::make_unique<WatchDecoder>());
#endif
#ifdef FW_HAVE_JT808
    m_decoders.push_back(std::make_unique<Jt808Decoder>());
#endif
#ifdef FW_HAVE_NMEA
    m_decoders.push_back(std::make_unique<NmeaDecoder>());
#endif
#ifdef FW_HAVE_TK103
    m_decoders.push_back(std::make_unique<Tk103Decoder>());
#endif
#ifdef FW_HAVE_WIALON
    m_decoders.push_back(std::make_unique<WialonDecoder>());
#endif
#ifdef FW_HAVE_XEXUN
    m_decoders.push_back(std::make_unique<XexunDecoder>());
#endif
#ifdef FW_HAVE_TLT2H
    m_decoders.push_back(std::make_unique<Tlt2hDecoder>());
#endif
#ifdef FW_HAVE_MEITRACK
    m_decoders.push_back(std::make_unique<MeitrackDecoder>());
#endif
#ifdef FW_HAVE_EELINK
    m_decoders.push_back(std::make_unique<EelinkDecoder>());
#endif
#ifdef FW_HAVE_T800X
    m_decoders.push_back(std::make_unique<T800xDecoder>());
#endif
#ifdef FW_HAVE_RUPTELA
    m_decoders.push_back(std::make_unique<RuptelaDecoder>());
#endif
#ifdef FW_HAVE_GALILEO
    m_decoders.push_back(std::make_unique<GalileoDecoder>());
#endif
#ifdef FW_HAVE_CASTEL
    m_decoders.push_back(std::make_unique<CastelDecoder>());
#endif
#ifdef FW_HAVE_GL200
    m_decoders.push_back(std::make_unique<Gl200Decoder>());
#endif
#ifdef FW_HAVE_SUNTECH
    m_decoders.push_back(std::make_unique<SuntechDecoder>());
#endif
#ifdef FW_HAVE_APRS
    m_decoders.push_back(std::make_unique<AprsDecoder>());
#endif
}

const ProtocolDecoder *ProtocolRegistry::find(QStringView name) const
{
    for (const auto &d : m_decoders) {
        if (d->info().name == name)
            return d.get();
    }
    return nullptr;
}

QStringList ProtocolRegistry::names() const
{
    QStringList out;
    for (const auto &d : m_decoders)
        out << d->info().name;
    return out;
}

QList<IdentifyMatch> ProtocolRegistry::identify(QByteArrayView sample, TimeMs now) const
{
    QList<IdentifyMatch> matches;
    DecodeResult result;
    for (const auto &d : m_decoders) {
        QByteArrayView view = sample;
        FrameCut cut = d->cutFrame(view);
        if (cut.kind == FrameCut::Skip && cut.length < view.size()) {
            view = view.sliced(cut.length);
            cut = d->cutFrame(view);
        }
        if (cut.kind == FrameCut::NeedMore && !view.isEmpty())
            cut = FrameCut::frame(view.size()); // a sample is complete: try it whole
        if (cut.kind != FrameCut::Frame || cut.length <= 0)
            continue;
        DecodeContext ctx;
        ctx.now = now;
        ctx.transport = d->info().http ? Transport::Http : Transport::Tcp;
        result.clear();
        d->decode(view.first(cut.length), ctx, result);
        if (!result.ok())
            continue;
        int score = 40; // framing and checksum accepted
        if (cut.length == view.size())
            score += 20;
        QString summary;
        bool positionInRange = false;
        for (const DecodedMessage &m : std::as_const(result.messages)) {
            if (summary.isEmpty())
                summary = messageTypeId(m.type);
            if (m.hasLocation && m.position.hasCoordinates())
                positionInRange = true;
        }
        if (!result.messages.isEmpty())
            score += 20;
        if (positionInRange)
            score += 20;
        if (summary.isEmpty())
            summary = QStringLiteral("accepted, no message");
        matches.append(IdentifyMatch { d->info().name, d->info().defaultPort, score, summary });
    }
    std::stable_sort(matches.begin(), matches.end(),
                     [](const IdentifyMatch &a, const IdentifyMatch &b) { return a.score > b.score; });
    return matches;
}

} // namespace fw
