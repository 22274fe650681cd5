#include "MbTilesSource.h"

#include "map/XyzTileSource.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace fw {

namespace {
QAtomicInteger<quint32> s_connections;

QSqlDatabase workerConnection(const QString &name, const QString &path)
{
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isValid())
        return db;
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    db.open();
    return db;
}
} // namespace

MbTilesSource::MbTilesSource(const QString &path, QObject *parent)
    : TileSource(parent)
    , m_path(path)
    , m_connection(QStringLiteral("fw-mbtiles-%1").arg(s_connections.fetchAndAddRelaxed(1)))
    , m_name(QFileInfo(path).completeBaseName())
{
    m_worker.setMaxThreadCount(1);
    m_worker.setExpiryTimeout(-1);
    setMaxParallel(4);
    const QString connection = m_connection;
    m_worker.start([this, connection, path] {
        struct Meta
        {
            bool ok = false;
            QString error;
            QString name;
            QString attribution;
            int minZoom = 0;
            int maxZoom = 19;
        } meta;
        if (!QFileInfo::exists(path)) {
            meta.error = tr("The file %1 does not exist.").arg(path);
        } else {
            QSqlDatabase db = workerConnection(connection, path);
            if (!db.isOpen()) {
                meta.error = db.lastError().text();
            } else {
                QSqlQuery q(db);
                meta.ok = q.exec(QStringLiteral("SELECT name, value FROM metadata"));
                if (!meta.ok)
                    meta.error = q.lastError().text();
                while (q.next()) {
                    const QString key = q.value(0).toString();
                    const QString value = q.value(1).toString();
                    if (key == QLatin1String("name"))
                        meta.name = value;
                    else if (key == QLatin1String("attribution"))
                        meta.attribution = value;
                    else if (key == QLatin1String("minzoom"))
                        meta.minZoom = value.toInt();
                    else if (key == QLatin1String("maxzoom"))
                        meta.maxZoom = value.toInt();
                }
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, meta] {
                m_open = meta.ok;
                m_error = meta.error;
                if (!meta.name.isEmpty())
                    m_name = meta.name;
                m_attribution = meta.attribution;
                m_minZoom = std::clamp(meta.minZoom, 0, 19);
                m_maxZoom = std::clamp(meta.maxZoom, m_minZoom, 19);
                emit attributionChanged();
                emit opened(meta.ok);
            },
            Qt::QueuedConnection);
    });
}

MbTilesSource::~MbTilesSource()
{
    m_worker.clear();
    const QString connection = m_connection;
    m_worker.start([connection] {
        {
            QSqlDatabase db = QSqlDatabase::database(connection, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(connection);
    });
    m_worker.waitForDone();
}

void MbTilesSource::startLoad(const TileId &id)
{
    const QString connection = m_connection;
    const QString path = m_path;
    m_worker.start([this, connection, path, id] {
        QImage image;
        QString error;
        QSqlDatabase db = workerConnection(connection, path);
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT tile_data FROM tiles WHERE zoom_level = ? "
                                 "AND tile_column = ? AND tile_row = ?"));
        q.addBindValue(id.z);
        q.addBindValue(id.x);
        q.addBindValue(tmsRow(id.z, id.y));
        if (!q.exec())
            error = q.lastError().text();
        else if (q.next())
            image = XyzTileSource::decode(q.value(0).toByteArray());
        else
            error = tr("No such tile in the file.");
        QMetaObject::invokeMethod(
            this,
            [this, id, image, error] {
                if (image.isNull())
                    failLoad(id, error.isEmpty() ? tr("The tile could not be decoded.") : error);
                else
                    finishLoad(id, image);
            },
            Qt::QueuedConnection);
    });
}

} // namespace fw
