#include "GeofenceImport.h"

#include "GeoTr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QXmlStreamReader>

namespace fw {

namespace {
GeofenceImportResult failed(const QString &error)
{
    return { {}, error };
}

// [lon, lat] pairs of a GeoJSON position array.
std::optional<QList<GeoPoint>> geoJsonPoints(const QJsonArray &a)
{
    QList<GeoPoint> out;
    for (const QJsonValue &v : a) {
        const QJsonArray p = v.toArray();
        if (p.size() < 2 || !p.at(0).isDouble() || !p.at(1).isDouble())
            return std::nullopt;
        out.append({ p.at(1).toDouble(), p.at(0).toDouble() });
    }
    return out;
}

// "lon,lat[,alt] lon,lat[,alt] ..." of KML.
std::optional<QList<GeoPoint>> kmlPoints(const QString &text)
{
    QList<GeoPoint> out;
    for (const QString &tuple : text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList parts = tuple.split(QLatin1Char(','));
        bool okLon = false, okLat = false;
        if (parts.size() < 2)
            return std::nullopt;
        const double lon = parts.at(0).toDouble(&okLon);
        const double lat = parts.at(1).toDouble(&okLat);
        if (!okLon || !okLat)
            return std::nullopt;
        out.append({ lat, lon });
    }
    return out;
}

QString featureName(const QString &name, const QString &baseName, int number)
{
    const QString trimmed = name.trimmed();
    return trimmed.isEmpty() ? QStringLiteral("%1-%2").arg(baseName).arg(number) : trimmed;
}

// Checks the names are unique and each geofence is valid.
GeofenceImportResult finish(QList<Geofence> fences, const QString &what)
{
    if (fences.isEmpty())
        return failed(GeoTr::tr("no %1 in the file").arg(what));
    QSet<QString> names;
    for (qsizetype i = 0; i < fences.size(); ++i) {
        if (const QString why = fences.at(i).validate(); !why.isEmpty())
            return failed(GeoTr::tr("%1 %2: %3").arg(what).arg(i + 1).arg(why));
        if (names.contains(fences.at(i).name))
            return failed(GeoTr::tr("%1 %2: the name \"%3\" is used twice")
                              .arg(what)
                              .arg(i + 1)
                              .arg(fences.at(i).name));
        names.insert(fences.at(i).name);
    }
    return { fences, {} };
}
} // namespace

GeofenceImportResult GeofenceImport::read(const QByteArray &data, const QString &baseName,
                                          double corridorWidthM)
{
    const QByteArray head = data.left(4096).trimmed();
    if (head.startsWith('{'))
        return readGeoJson(data, baseName, corridorWidthM);
    if (head.contains("<kml"))
        return readKml(data, baseName, corridorWidthM);
    if (head.contains("<gpx"))
        return readGpx(data, baseName, corridorWidthM);
    return failed(GeoTr::tr("not a GeoJSON, KML or GPX file"));
}

GeofenceImportResult GeofenceImport::readGeoJson(const QByteArray &data, const QString &baseName,
                                                 double corridorWidthM)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (!doc.isObject())
        return failed(GeoTr::tr("not valid GeoJSON: %1 at byte %2")
                          .arg(parseError.errorString())
                          .arg(parseError.offset));
    const QJsonObject root = doc.object();
    const QString rootType = root.value(QStringLiteral("type")).toString();
    QJsonArray features;
    if (rootType == u"FeatureCollection")
        features = root.value(QStringLiteral("features")).toArray();
    else if (rootType == u"Feature")
        features = { root };
    else
        features = { QJsonObject { { QStringLiteral("type"), QStringLiteral("Feature") },
                                   { QStringLiteral("geometry"), root } } };
    QList<Geofence> fences;
    for (qsizetype i = 0; i < features.size(); ++i) {
        const int number = static_cast<int>(i + 1);
        const QJsonObject feature = features.at(i).toObject();
        const QJsonObject props = feature.value(QStringLiteral("properties")).toObject();
        const QJsonObject geometry = feature.value(QStringLiteral("geometry")).toObject();
        const QString type = geometry.value(QStringLiteral("type")).toString();
        const QJsonArray coords = geometry.value(QStringLiteral("coordinates")).toArray();
        Geofence g;
        g.name = featureName(props.value(QStringLiteral("name")).toString(), baseName, number);
        g.speedLimitKph = props.value(QStringLiteral("speedLimitKph")).toDouble();
        g.group = props.value(QStringLiteral("group")).toString();
        if (type == u"Polygon") {
            g.kind = GeofenceKind::Polygon;
            for (qsizetype r = 0; r < coords.size(); ++r) {
                const auto ring = geoJsonPoints(coords.at(r).toArray());
                if (!ring)
                    return failed(GeoTr::tr("feature %1: bad coordinates").arg(number));
                if (r == 0)
                    g.points = *ring;
                else
                    g.holes.append(*ring);
            }
        } else if (type == u"LineString") {
            g.kind = GeofenceKind::Corridor;
            const auto line = geoJsonPoints(coords);
            if (!line)
                return failed(GeoTr::tr("feature %1: bad coordinates").arg(number));
            g.points = *line;
            g.widthM = props.value(QStringLiteral("width")).toDouble(corridorWidthM);
        } else if (type == u"Point") {
            g.kind = GeofenceKind::Circle;
            QJsonArray single;
            single.append(coords); // one position, as a list of one
            const auto centre = geoJsonPoints(single);
            if (!centre)
                return failed(GeoTr::tr("feature %1: bad coordinates").arg(number));
            g.points = *centre;
            g.radiusM = props.value(QStringLiteral("radius")).toDouble();
            if (g.radiusM <= 0)
                return failed(GeoTr::tr("feature %1: a Point needs a \"radius\" property in "
                                        "metres to be a circle")
                                  .arg(number));
        } else {
            return failed(GeoTr::tr("feature %1: %2 geometries are not supported (use Polygon, "
                                    "LineString or Point)")
                              .arg(number)
                              .arg(type.isEmpty() ? GeoTr::tr("missing") : type));
        }
        fences.append(g);
    }
    return finish(fences, GeoTr::tr("feature"));
}

GeofenceImportResult GeofenceImport::readKml(const QByteArray &data, const QString &baseName,
                                             double corridorWidthM)
{
    QXmlStreamReader xml(data);
    QList<Geofence> fences;
    std::optional<Geofence> current;
    QString geometryKind; // Polygon, LineString, Point inside the current placemark
    bool inner = false;
    QString dataName;
    while (!xml.atEnd()) {
        xml.readNext();
        const QStringView name = xml.name();
        if (xml.isStartElement()) {
            if (name == u"Placemark") {
                current = Geofence();
                geometryKind.clear();
            } else if (!current) {
                continue;
            } else if (name == u"name" && geometryKind.isEmpty()) {
                current->name = xml.readElementText();
            } else if (name == u"Polygon" || name == u"LineString" || name == u"Point") {
                if (!geometryKind.isEmpty() && geometryKind != u"Polygon")
                    return failed(GeoTr::tr("placemark %1: more than one geometry (MultiGeometry "
                                            "is not supported)")
                                      .arg(fences.size() + 1));
                if (geometryKind.isEmpty())
                    geometryKind = name.toString();
            } else if (name == u"innerBoundaryIs") {
                inner = true;
            } else if (name == u"outerBoundaryIs") {
                inner = false;
            } else if (name == u"Data") {
                dataName = xml.attributes().value(QStringLiteral("name")).toString();
            } else if (name == u"value" && !dataName.isEmpty()) {
                bool ok = false;
                const double v = xml.readElementText().toDouble(&ok);
                if (ok && dataName == u"radius")
                    current->radiusM = v;
                else if (ok && dataName == u"width")
                    current->widthM = v;
                else if (ok && dataName == u"speedLimitKph")
                    current->speedLimitKph = v;
            } else if (name == u"coordinates") {
                const auto points = kmlPoints(xml.readElementText());
                if (!points)
                    return failed(GeoTr::tr("placemark %1: bad coordinates (line %2)")
                                      .arg(fences.size() + 1)
                                      .arg(xml.lineNumber()));
                if (inner)
                    current->holes.append(*points);
                else
                    current->points = *points;
            }
        } else if (xml.isEndElement() && name == u"Placemark" && current) {
            const int number = static_cast<int>(fences.size() + 1);
            current->name = featureName(current->name, baseName, number);
            if (geometryKind == u"Polygon") {
                current->kind = GeofenceKind::Polygon;
            } else if (geometryKind == u"LineString") {
                current->kind = GeofenceKind::Corridor;
                if (current->widthM <= 0)
                    current->widthM = corridorWidthM;
            } else if (geometryKind == u"Point") {
                current->kind = GeofenceKind::Circle;
                if (current->radiusM <= 0)
                    return failed(GeoTr::tr("placemark %1: a Point needs a \"radius\" in its "
                                            "ExtendedData to be a circle")
                                      .arg(number));
            } else {
                return failed(GeoTr::tr("placemark %1: no Polygon, LineString or Point")
                                  .arg(number));
            }
            fences.append(*current);
            current.reset();
            inner = false;
        }
    }
    if (xml.hasError())
        return failed(GeoTr::tr("not valid KML: %1 (line %2)")
                          .arg(xml.errorString())
                          .arg(xml.lineNumber()));
    return finish(fences, GeoTr::tr("placemark"));
}

GeofenceImportResult GeofenceImport::readGpx(const QByteArray &data, const QString &baseName,
                                             double corridorWidthM)
{
    QXmlStreamReader xml(data);
    QList<Geofence> fences;
    std::optional<Geofence> current;
    while (!xml.atEnd()) {
        xml.readNext();
        const QStringView name = xml.name();
        if (xml.isStartElement()) {
            if (name == u"trk" || name == u"rte") {
                current = Geofence();
                current->kind = GeofenceKind::Corridor;
                current->widthM = corridorWidthM;
            } else if (current && name == u"name" && current->points.isEmpty()) {
                current->name = xml.readElementText();
            } else if (current && (name == u"trkpt" || name == u"rtept")) {
                bool okLat = false, okLon = false;
                const double lat = xml.attributes().value(QStringLiteral("lat")).toDouble(&okLat);
                const double lon = xml.attributes().value(QStringLiteral("lon")).toDouble(&okLon);
                if (!okLat || !okLon)
                    return failed(GeoTr::tr("track %1: a point without lat/lon (line %2)")
                                      .arg(fences.size() + 1)
                                      .arg(xml.lineNumber()));
                current->points.append({ lat, lon });
            }
        } else if (xml.isEndElement() && current && (name == u"trk" || name == u"rte")) {
            current->name = featureName(current->name, baseName,
                                        static_cast<int>(fences.size() + 1));
            fences.append(*current);
            current.reset();
        }
    }
    if (xml.hasError())
        return failed(GeoTr::tr("not valid GPX: %1 (line %2)")
                          .arg(xml.errorString())
                          .arg(xml.lineNumber()));
    return finish(fences, GeoTr::tr("track"));
}

} // namespace fw
