#pragma once
// PipelineBench: the pipelined GT06 scenario of ingest_bench (issue #12). A `fleetwatch
// --headless` child (the binary and settings users run: SQLite with WAL + synchronous=FULL,
// acknowledgements after commit) on loopback; N GT06 devices connect, each logs in and
// pipelines M location frames. Measured from the first byte sent until every acknowledgement is
// back (acknowledgements go out only after the commit, so that is "all stored"; the node's own
// stats line is checked as well), then `fleetwatch export` must list every position. Beside it,
// in the same run, Python's sqlite3.executemany of the same rows (the reference), node CPU per
// position (process and per thread), heap allocations per position (LD_PRELOAD counter,
// malloc_count.cpp) and peak RSS. Prints one JSON object.

#include <QJsonObject>
#include <QString>

namespace fw {

class PipelineBench
{
public:
    struct Options
    {
        int devices = 500;
        int framesPerDevice = 1000;
        bool countAllocations = true; // preload the counting library when it is built
        bool reference = true; // run the Python executemany reference
        // Geofences and rules in the database and device times of now, so the node's rules
        // evaluate every position; `alerts` false starts the node with --no-alerts.
        bool withRules = false;
        bool alerts = true;
    };

    PipelineBench(const QString &fleetwatch, const QString &folder, const Options &options);

    // Runs the scenario; the result (or an "error") as JSON.
    QJsonObject run();

private:
    QJsonObject pythonReference(const QString &dbPath) const;
    qint64 exportedPositions(const QString &db) const;
    QString addGeofencesAndRules(const QString &db) const; // empty or the problem

    QString m_exe;
    QString m_folder;
    Options m_options;
};

} // namespace fw
