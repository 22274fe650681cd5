#pragma once
// BenchFleet: registers a benchmark's fleet as an operator would, before the node starts: the
// CSV written to a file and imported with `fleetwatch devices import` into the node's database.
// Shared by the benchmarks that drive a real `fleetwatch --headless`.

#include <QByteArray>
#include <QString>

namespace fw::bench {

// Empty on success, else what went wrong (with the importer's own message).
QString importFleet(const QString &fleetwatch, const QString &db, const QString &csvPath,
    const QByteArray &csv, int timeoutMs);

} // namespace fw::bench
