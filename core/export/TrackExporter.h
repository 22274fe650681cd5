#pragma once
// TrackExporter: stored positions to CSV, GPX or GeoJSON, streamed (one position at a time) so
// exporting millions of rows needs no memory proportional to them. Used by `fleetwatch export`,
// the map's "export track" and the trips of a report (GPX, KML). Formats as interfaces.md
// specifies; the CSV adds a last column with the report's cell towers / Wi-Fi, and outdated
// positions (a cell report repeating the last fix) are rows of the CSV but no points of a GPX,
// KML or GeoJSON track.

#include "domain/Position.h"

#include <QIODevice>
#include <QString>

namespace fw {

enum class ExportFormat { Csv, Gpx, GeoJson, Kml };
bool exportFormatFromName(QStringView name, ExportFormat *out);

class TrackExporter
{
public:
    TrackExporter(QIODevice *out, ExportFormat format);
    void begin();
    void add(const Position &p); // positions of one device must be contiguous, oldest first
    // Starts a track of its own with this name (a trip of a report); positions added after it
    // belong to it until the next startTrack() or another device.
    void startTrack(const QString &name);
    void end();
    qint64 count() const { return m_count; }

private:
    void closeTrack();
    void write(const QByteArray &bytes);

    QIODevice *m_out;
    ExportFormat m_format;
    void openTrack(const QString &name, const QString &device);

    QString m_currentDevice;
    QString m_nextTrackName;
    bool m_trackOpen = false;
    bool m_firstFeature = true;
    bool m_firstPoint = true;
    qint64 m_count = 0;
    QByteArray m_buffer;
};

} // namespace fw
