// The whole desktop program under load: the real DesktopSession (ingest thread, writer, window,
// map) with the demo simulator streaming a target rate of positions. Measures the longest
// GUI-thread stall (gap between ticks of a 5 ms timer beyond its interval), the frames and
// positions handled, and the GUI-thread time spent applying FleetDelta batches.
// Usage: window_bench [positions/s=5000] [devices per protocol=120] [seconds=20]
#include "app/DesktopSession.h"
#include "ingest/FreePort.h"
#include "mainwindow/MainWindow.h"
#include "protocols/ProtocolRegistry.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QUdpSocket>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace fw;

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM",
        qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const int rate = argc > 1 ? QByteArray(argv[1]).toInt() : 5000;
    const int perProtocol = argc > 2 ? QByteArray(argv[2]).toInt() : 120;
    const int seconds = argc > 3 ? QByteArray(argv[3]).toInt() : 20;
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchBench"));
    QCoreApplication::setApplicationName(QStringLiteral("WindowBench"));
    QTemporaryDir dir;
    QSettings settings;
    settings.clear();
    const ProtocolRegistry registry;
    for (const auto &d : registry.decoders())
        settings.setValue(
            QStringLiteral("ingest/") + d->info().name + QStringLiteral("/port"), freeTcpUdpPort());

    DesktopSession::Options options;
    options.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.sqlite"));
    options.demo = true;
    options.demoDevicesPerProtocol = perProtocol;
    options.demoPositionsPerSecond = rate;
    DesktopSession session(options);
    QString error;
    if (!session.start(&error)) {
        std::fprintf(stderr, "cannot start: %s\n", qPrintable(error));
        return 1;
    }
    session.window()->resize(1600, 1000);
    session.window()->show();

    // Warm-up: let the fleet connect, then measure.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 worstStall = 0;
    std::vector<qint64> gaps;
    bool measuring = false;
    quint64 framesAtStart = 0, framesAtEnd = 0;
    qint64 applyNanos = 0;
    int deltas = 0;
    QObject::connect(
        session.window(), &MainWindow::deltaApplied, &app, [&](const FleetDelta &d, qint64 nanos) {
            if (!measuring)
                return;
            if (framesAtStart == 0)
                framesAtStart = d.stats.frames;
            framesAtEnd = d.stats.frames;
            applyNanos += nanos;
            ++deltas;
        });
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (measuring && last > 0) {
            const qint64 gap = now - last - 5'000'000;
            gaps.push_back(gap);
            worstStall = std::max(worstStall, gap);
        }
        last = now;
    });
    tick.start(5);
    QTimer::singleShot(8000, &app, [&] { measuring = true; });
    QTimer::singleShot(8000 + seconds * 1000, &app, [&] { app.quit(); });
    app.exec();

    std::sort(gaps.begin(), gaps.end());
    const auto pct = [&gaps](double p) {
        return gaps.empty()
            ? 0.0
            : static_cast<double>(
                  gaps[static_cast<std::size_t>(p * static_cast<double>(gaps.size() - 1))])
                / 1e6;
    };
    const QJsonObject result {
        { QStringLiteral("bench"), QStringLiteral("window.stall") },
        { QStringLiteral("targetPositionsPerSecond"), rate },
        { QStringLiteral("devices"), perProtocol * static_cast<int>(registry.decoders().size()) },
        { QStringLiteral("seconds"), seconds },
        { QStringLiteral("framesPerSecond"),
            static_cast<double>(framesAtEnd - framesAtStart) / seconds },
        { QStringLiteral("maxStallMs"), static_cast<double>(worstStall) / 1e6 },
        { QStringLiteral("p99StallMs"), pct(0.99) },
        { QStringLiteral("deltas"), deltas },
        { QStringLiteral("applyDeltaMsPerSecond"),
            static_cast<double>(applyNanos) / 1e6 / seconds },
        { QStringLiteral("targetMaxStallMs"), 50 },
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
