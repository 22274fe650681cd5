#pragma once
// StorageSchema: the database schema described once: the migrations that build it (append new
// ones, never edit a released one), the column lists of the bulk-written tables, and the text
// ids of values stored as text. Database applies it; both write paths (Qt SQL and the SQLite C
// API) name their columns from here.

#include "domain/DeviceActivity.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fw {

struct Migration
{
    int version;
    QString description;
    QStringList statements; // with SqlDialect placeholders
};

class StorageSchema
{
public:
    static const QList<Migration> &migrations();
    static int latestVersion();

    static const QStringList &positionColumns();
    // Written after positionColumns() on PostgreSQL: change_seq, node.
    static const QStringList &positionChangeColumns();
    static const QStringList &eventColumns();
    static const QStringList &activityColumns();

    // How a connection end is stored ("closed-by-device", ...).
    static QString connectionEndId(ConnectionEnd end);
    static ConnectionEnd connectionEndFromId(const QString &id);
};

} // namespace fw
