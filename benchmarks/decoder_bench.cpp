// decoder_bench: frames a second that one core cuts and decodes, per protocol, from location
// frames built with the simulator's encoders (the same frames devices send). Each frame goes
// through cutFrame() and decode() on a connection whose device id is already known, as in a
// live session. Prints one JSON object per protocol; target >= 1,000,000/s for GT06 and Teltonika.
// "gl200-binary" measures the gl200 decoder on the binary form (Gl200BinaryFrameEncoder).
// Usage: decoder_bench [SECONDS_PER_PROTOCOL] [PROTOCOL...]

#include "protocols/ProtocolRegistry.h"
#include "sim/DeviceFrameEncoder.h"
#include "sim/DeviceSimulator.h"
#include "sim/Gl200BinaryFrameEncoder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace fw;

namespace {

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

QJsonObject benchProtocol(const ProtocolRegistry &registry, const QString &protocol,
                          double seconds)
{
    QJsonObject o { { QStringLiteral("benchmark"), QStringLiteral("decoder") },
                    { QStringLiteral("protocol"), protocol } };
    const bool gl200Binary = protocol == u"gl200-binary";
    const QString decoderName = gl200Binary ? QStringLiteral("gl200") : protocol;
    const ProtocolDecoder *decoder = registry.find(decoderName);
    const std::unique_ptr<DeviceFrameEncoder> encoder = gl200Binary
        ? std::make_unique<Gl200BinaryFrameEncoder>()
        : makeDeviceFrameEncoder(protocol);
    if (!decoder || !encoder) {
        o.insert(QStringLiteral("error"), QStringLiteral("no decoder or encoder"));
        return o;
    }
    SimulatorOptions options;
    options.protocols = { decoderName };
    options.devicesPerProtocol = 1;
    const QString id = DeviceSimulator(options).devices().value(0).uniqueId;

    // 256 different fixes, so branch predictors and caches see varied input.
    constexpr int kFrames = 256;
    const TimeMs start = 1'700'000'000'000;
    std::vector<QByteArray> frames;
    for (int k = 0; k < kFrames; ++k) {
        Position p;
        p.uniqueId = id;
        p.deviceTime = start + k * 1000;
        p.serverTime = p.deviceTime;
        p.valid = true;
        p.latitude = 52.2297 + 0.0013 * k;
        p.longitude = 21.0122 - 0.0017 * k;
        p.speedKph = 10 + k % 90;
        p.course = (k * 7) % 360;
        p.altitude = 100 + k % 50;
        p.satellites = 5 + k % 8;
        frames.push_back(encoder->position(id, p, quint32(k + 2)));
    }

    DecodeContext ctx;
    ctx.transport = decoder->info().http ? Transport::Http : Transport::Tcp;
    ctx.now = start + kFrames * 1000;
    DecodeResult result;
    const QByteArray login = encoder->login(id, 1);
    if (!login.isEmpty()) {
        const FrameCut cut = decoder->cutFrame(login);
        if (cut.kind == FrameCut::Frame)
            decoder->decode(QByteArrayView(login).first(cut.length), ctx, result);
    }
    if (ctx.uniqueId.isEmpty())
        ctx.uniqueId = id;
    const DecodeContext base = ctx;

    // Check once that every frame decodes to a position.
    qint64 positions = 0;
    for (const QByteArray &f : frames) {
        result.clear();
        const FrameCut cut = decoder->cutFrame(f);
        if (cut.kind != FrameCut::Frame) {
            o.insert(QStringLiteral("error"), QStringLiteral("frame not cut"));
            return o;
        }
        decoder->decode(QByteArrayView(f).first(cut.length), ctx, result);
        for (const DecodedMessage &m : std::as_const(result.messages))
            positions += m.hasLocation ? 1 : 0;
        if (!result.ok()) {
            o.insert(QStringLiteral("error"), result.error);
            return o;
        }
    }
    if (positions < kFrames) {
        o.insert(QStringLiteral("error"), QStringLiteral("not every frame gave a position"));
        return o;
    }

    qint64 done = 0;
    qint64 bytes = 0;
    QElapsedTimer timer;
    timer.start();
    const qint64 limitNs = qint64(seconds * 1e9);
    qint64 elapsedNs = 0;
    while (elapsedNs < limitNs) {
        for (int round = 0; round < 16; ++round) {
            for (const QByteArray &f : frames) {
                const FrameCut cut = decoder->cutFrame(f);
                result.clear();
                decoder->decode(QByteArrayView(f).first(cut.length), ctx, result);
                bytes += cut.length;
            }
        }
        done += 16 * kFrames;
        ctx = base;
        elapsedNs = timer.nsecsElapsed();
    }
    const double secs = double(elapsedNs) / 1e9;
    o.insert(QStringLiteral("frames"), done);
    o.insert(QStringLiteral("seconds"), secs);
    o.insert(QStringLiteral("framesPerSecond"), qint64(double(done) / secs));
    o.insert(QStringLiteral("megabytesPerSecond"), double(bytes) / secs / 1e6);
    o.insert(QStringLiteral("frameBytes"), qint64(frames.front().size()));
    if (protocol == u"gt06" || protocol == u"teltonika") {
        o.insert(QStringLiteral("target"), 1'000'000);
        o.insert(QStringLiteral("meetsTarget"), double(done) / secs >= 1'000'000.0);
    }
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    bool ok = false;
    double seconds = args.isEmpty() ? 0.0 : args.first().toDouble(&ok);
    if (ok)
        args.removeFirst();
    else
        seconds = 1.5;
    const ProtocolRegistry registry;
    const QStringList protocols = args.isEmpty()
        ? simulatedProtocols() << QStringLiteral("gl200-binary")
        : args;
    int failures = 0;
    for (const QString &p : protocols) {
        const QJsonObject o = benchProtocol(registry, p, seconds);
        failures += o.contains(QStringLiteral("error")) ? 1 : 0;
        print(o);
    }
    return failures == 0 ? 0 : 1;
}
