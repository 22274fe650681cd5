#pragma once
// RawFrameFollower: fills a connected window's RawLog from the raw_frames ring the nodes keep
// in the shared database (RawFrameShipper), so its raw console, troubleshooter and diagnosis
// work as with the embedded node. On its first connection it reads the newest `catchUpRows`
// rows, then the rows above the highest id it holds (an index range on the primary key) each
// time a node's insert is announced (LISTEN on RawFrameStore::notifyChannel(), PostgreSQL), and
// every `pollMs` in case an announcement was lost. All of its work runs on the thread it lives
// on, with a connection of its own; the window only reads the thread-safe RawLog. Row-level
// security decides the rows: a login limited to device groups gets its groups' devices'
// frames only, and no frame of an unknown device. A failed read closes the connection; it is
// opened again with a growing pause (up to 30 s), and reading goes on from the same id.

#include "storage/DatabaseConfig.h"

#include <QObject>

#include <memory>

class QTimer;

namespace fw {

class Database;
class RawFrameStore;
class RawLog;

class RawFrameFollower : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pollMs = 5'000;
        int catchUpRows = 5'000; // read at the start (the newest)
        int batchRows = 2'000; // read per statement afterwards
    };

    RawFrameFollower(const DatabaseConfig &config, RawLog *log, const Options &options,
        QObject *parent = nullptr);
    ~RawFrameFollower() override;

    void start(); // the first read at once, then on each announcement and every pollMs
    void stop();
    qint64 lastId() const { return m_lastId; } // -1: nothing read yet
    QString lastError() const { return m_error; }

signals:
    void framesRead(int count);

private:
    void poll();
    bool ensureOpen();
    void failed(const QString &error);

    const DatabaseConfig m_config;
    RawLog *m_log;
    const Options m_options;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RawFrameStore> m_store;
    QTimer *m_timer;
    qint64 m_lastId = -1;
    int m_failures = 0;
    QString m_error;
};

} // namespace fw
