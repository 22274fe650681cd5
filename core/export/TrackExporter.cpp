#include "TrackExporter.h"

#include "domain/Network.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fw {

namespace {
QByteArray number(double v, int precision)
{
    return QByteArray::number(v, 'f', precision);
}

QByteArray xmlEscaped(const QString &s)
{
    return s.toHtmlEscaped().toUtf8();
}

QByteArray jsonEscaped(const QString &s)
{
    QByteArray out;
    out.reserve(s.size() + 2);
    for (const char c : s.toUtf8()) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += "\\u00" + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out;
}

QByteArray csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"'))
        && !s.contains(QLatin1Char('\n')))
        return s.toUtf8();
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return '"' + q.toUtf8() + '"';
}
QByteArray networkField(const Attributes &attributes)
{
    const QVariant network = attributes.value(attr::network);
    if (!network.isValid())
        return {};
    const QByteArray json = QJsonDocument(QJsonObject::fromVariantMap(network.toMap()))
                                .toJson(QJsonDocument::Compact);
    return csvField(QString::fromUtf8(json));
}
} // namespace

bool exportFormatFromName(QStringView name, ExportFormat *out)
{
    if (name == u"csv")
        *out = ExportFormat::Csv;
    else if (name == u"gpx")
        *out = ExportFormat::Gpx;
    else if (name == u"geojson")
        *out = ExportFormat::GeoJson;
    else if (name == u"kml")
        *out = ExportFormat::Kml;
    else
        return false;
    return true;
}

TrackExporter::TrackExporter(QIODevice *out, ExportFormat format)
    : m_out(out)
    , m_format(format)
{
    m_buffer.reserve(64 * 1024);
}

void TrackExporter::write(const QByteArray &bytes)
{
    m_buffer += bytes;
    if (m_buffer.size() >= 60 * 1024) {
        m_out->write(m_buffer);
        m_buffer.clear();
    }
}

void TrackExporter::begin()
{
    switch (m_format) {
    case ExportFormat::Csv:
        // `network`: the cell towers / Wi-Fi of the report as JSON, when it named any.
        write("uniqueId,time,lat,lon,speedKph,course,altitude,valid,network\n");
        break;
    case ExportFormat::Gpx:
        write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<gpx version=\"1.1\" creator=\"FleetWatch\" "
              "xmlns=\"http://www.topografix.com/GPX/1/1\">\n");
        break;
    case ExportFormat::GeoJson:
        write("{\"type\":\"FeatureCollection\",\"features\":[");
        break;
    case ExportFormat::Kml:
        write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>\n");
        break;
    }
}

void TrackExporter::startTrack(const QString &name)
{
    closeTrack();
    m_nextTrackName = name;
}

void TrackExporter::openTrack(const QString &name, const QString &device)
{
    closeTrack();
    switch (m_format) {
    case ExportFormat::Csv:
        return;
    case ExportFormat::Gpx:
        write("  <trk><name>" + xmlEscaped(name) + "</name><trkseg>\n");
        break;
    case ExportFormat::GeoJson:
        write(QByteArray(m_firstFeature ? "" : ",")
              + "{\"type\":\"Feature\",\"properties\":{\"uniqueId\":\"" + jsonEscaped(device)
              + (name == device ? QByteArray() : "\",\"name\":\"" + jsonEscaped(name))
              + "\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[");
        m_firstFeature = false;
        break;
    case ExportFormat::Kml:
        write("  <Placemark><name>" + xmlEscaped(name)
              + "</name><LineString><tessellate>1</tessellate><coordinates>\n");
        break;
    }
    m_firstPoint = true;
    m_trackOpen = true;
    m_currentDevice = device;
    m_nextTrackName.clear();
}

void TrackExporter::add(const Position &p)
{
    // A report with only cell towers / Wi-Fi repeats the last fix: a row in the table, but no
    // point of the drawn track.
    if (m_format != ExportFormat::Csv && p.attributes.value(attr::outdated).toBool())
        return;
    ++m_count;
    if (m_format != ExportFormat::Csv
        && (!m_trackOpen || !m_nextTrackName.isEmpty() || p.uniqueId != m_currentDevice))
        openTrack(m_nextTrackName.isEmpty() ? p.uniqueId : m_nextTrackName, p.uniqueId);
    switch (m_format) {
    case ExportFormat::Csv:
        write(csvField(p.uniqueId) + ',' + toIso(p.deviceTime).toLatin1() + ','
              + number(p.latitude, 6) + ',' + number(p.longitude, 6) + ','
              + number(p.speedKph, 1) + ',' + number(p.course, 0) + ','
              + number(p.altitude, 1) + ',' + (p.valid ? "true" : "false") + ','
              + networkField(p.attributes) + '\n');
        return;
    case ExportFormat::Gpx:
        write("    <trkpt lat=\"" + number(p.latitude, 6) + "\" lon=\"" + number(p.longitude, 6)
              + "\"><ele>" + number(p.altitude, 1) + "</ele><time>"
              + toIso(p.deviceTime).toLatin1() + "</time></trkpt>\n");
        return;
    case ExportFormat::GeoJson:
        write(QByteArray(m_firstPoint ? "" : ",") + '[' + number(p.longitude, 6) + ','
              + number(p.latitude, 6) + ']');
        m_firstPoint = false;
        return;
    case ExportFormat::Kml:
        write("    " + number(p.longitude, 6) + ',' + number(p.latitude, 6) + ','
              + number(p.altitude, 1) + '\n');
        return;
    }
}

void TrackExporter::closeTrack()
{
    if (!m_trackOpen)
        return;
    if (m_format == ExportFormat::Gpx)
        write("  </trkseg></trk>\n");
    else if (m_format == ExportFormat::GeoJson)
        write("]}}");
    else if (m_format == ExportFormat::Kml)
        write("  </coordinates></LineString></Placemark>\n");
    m_trackOpen = false;
}

void TrackExporter::end()
{
    closeTrack();
    if (m_format == ExportFormat::Gpx)
        write("</gpx>\n");
    else if (m_format == ExportFormat::GeoJson)
        write("]}\n");
    else if (m_format == ExportFormat::Kml)
        write("</Document></kml>\n");
    m_out->write(m_buffer);
    m_buffer.clear();
}

} // namespace fw
