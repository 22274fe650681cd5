#pragma once
// DeviceRows: how a Device maps to a row of the `devices` table, in one place for every statement
// Database runs on it (insert, update, select): the column list, binding and reading, and the
// error text for an id the table must not hold.

#include "domain/Device.h"

#include <QSqlQuery>
#include <QStringList>

namespace fw::DeviceRows {

extern const QStringList kColumns; // in bind() order
extern const QString kSelect; // SELECT kColumns FROM devices (read() reads its rows)

void bind(QSqlQuery &q, const Device &d); // positional values 0 .. kColumns.size() - 1
Device read(const QSqlQuery &q);
QString idError(const QString &uniqueId);

} // namespace fw::DeviceRows
