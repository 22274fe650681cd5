#pragma once
// GeofenceImport: geofences from the files operators already have: GeoJSON (one geofence per
// Feature: Polygon, LineString as a corridor, Point with a "radius" property as a circle), KML
// (one per Placemark: Polygon, LineString, Point with a radius in ExtendedData) and GPX (one
// corridor per track or route). All or nothing: a bad feature fails the import with its number
// and the reason, and nothing is returned.

#include "Geofence.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace fw {

struct GeofenceImportResult
{
    QList<Geofence> geofences;
    QString error; // empty on success
    bool ok() const { return error.isEmpty(); }
};

class GeofenceImport
{
public:
    static constexpr double kDefaultCorridorWidthM = 50.0;

    // The format comes from the content (a '{' starts GeoJSON, <kml or <gpx the others).
    // Unnamed features are named after `baseName` and their number.
    static GeofenceImportResult read(const QByteArray &data, const QString &baseName,
                                     double corridorWidthM = kDefaultCorridorWidthM);
    static GeofenceImportResult readGeoJson(const QByteArray &data, const QString &baseName,
                                            double corridorWidthM);
    static GeofenceImportResult readKml(const QByteArray &data, const QString &baseName,
                                        double corridorWidthM);
    static GeofenceImportResult readGpx(const QByteArray &data, const QString &baseName,
                                        double corridorWidthM);
};

} // namespace fw
