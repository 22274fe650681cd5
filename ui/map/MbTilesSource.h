#pragma once
// MbTilesSource: tiles from an MBTiles file (SQLite: `tiles` table in TMS rows, `metadata` with
// the attribution), for offline maps. The file is read through Qt SQL on one dedicated worker
// thread that owns the connection; tiles are decoded there too and handed back as QImage.

#include "map/TileSource.h"

#include <QThreadPool>

namespace fw {

class MbTilesSource : public TileSource
{
    Q_OBJECT
public:
    explicit MbTilesSource(const QString &path, QObject *parent = nullptr);
    ~MbTilesSource() override;

    QString name() const override { return m_name; }
    QString attribution() const override { return m_attribution; }
    int minZoom() const override { return m_minZoom; }
    int maxZoom() const override { return m_maxZoom; }
    QString path() const { return m_path; }
    bool isOpen() const { return m_open; }
    QString errorString() const { return m_error; }

    static int tmsRow(int z, int y) { return (1 << z) - 1 - y; } // XYZ y <-> TMS row

signals:
    void opened(bool ok); // after the metadata was read (or the file failed to open)

protected:
    void startLoad(const TileId &id) override;

private:
    QString m_path;
    QString m_connection;
    QString m_name;
    QString m_attribution;
    QString m_error;
    int m_minZoom = 0;
    int m_maxZoom = 19;
    bool m_open = false;
    QThreadPool m_worker; // one thread, never expires: it owns the SQLite connection
};

} // namespace fw
