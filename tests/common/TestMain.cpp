#include "TestMain.h"

#include "ingest/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTest>
#include <cstdlib>
#include <cstring>

#ifdef FW_TEST_GUI
#include <QApplication>
#endif

namespace fw::test {
std::vector<std::pair<const char *, Factory>> &registry()
{
    static std::vector<std::pair<const char *, Factory>> r;
    return r;
}
} // namespace fw::test

// Usage: <exe> [ClassName] [Qt Test options...]. Without a class name every class runs.
// FW_TEST_EPOLL=1 runs the main thread on the ingest nodes' epoll dispatcher (tst_ingest_epoll).
int main(int argc, char **argv)
{
    qputenv("TZ", "UTC");
    if (qEnvironmentVariableIntValue("FW_TEST_EPOLL") == 1) {
        QAbstractEventDispatcher *dispatcher = fw::EpollEventDispatcher::create();
        if (!dispatcher) {
            fprintf(stderr, "FW_TEST_EPOLL=1 but epoll is not available here\n");
            return 1;
        }
        QCoreApplication::setEventDispatcher(dispatcher);
    }
#ifdef FW_TEST_GUI
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
#else
    QCoreApplication app(argc, argv);
#endif
    QStringList args = app.arguments();
    QString only;
    if (args.size() > 1 && !args.at(1).startsWith(QLatin1Char('-'))) {
        for (const auto &[name, factory] : fw::test::registry()) {
            if (args.at(1) == QLatin1String(name)) {
                only = args.takeAt(1);
                break;
            }
        }
    }
    int failures = 0;
    int ran = 0;
    for (const auto &[name, factory] : fw::test::registry()) {
        if (!only.isEmpty() && only != QLatin1String(name))
            continue;
        auto object = factory();
        failures += QTest::qExec(object.get(), args);
        ++ran;
    }
    if (ran == 0) {
        fprintf(stderr, "no test class ran\n");
        return 1;
    }
    return failures == 0 ? 0 : 1;
}
