// Track export of positions that carry cell towers / Wi-Fi: the CSV keeps the network as JSON in
// its last column, and an outdated position (a cell report repeating the last fix) is a row of
// the CSV but not a point of the GPX or GeoJSON track.
#include "TestMain.h"

#include "domain/Network.h"
#include "export/TrackExporter.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace fw;

namespace {
QList<Position> track()
{
    Position fix;
    fix.uniqueId = QStringLiteral("T1");
    fix.deviceTime = 1'700'000'000'000;
    fix.valid = true;
    fix.latitude = 52.5;
    fix.longitude = 13.4;
    Position cell = fix;
    cell.deviceTime += 60'000;
    cell.valid = false;
    Network n;
    n.addCell(262, 2, 4711, 99);
    n.storeIn(cell.attributes);
    cell.attributes.set(attr::outdated, true);
    return { fix, cell };
}

QByteArray exported(ExportFormat format)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    TrackExporter exporter(&buffer, format);
    exporter.begin();
    for (const Position &p : track())
        exporter.add(p);
    exporter.end();
    return buffer.data();
}
} // namespace

class TstTrackExporter : public QObject
{
    Q_OBJECT
private slots:
    void csvKeepsNetwork()
    {
        const QList<QByteArray> lines = exported(ExportFormat::Csv).trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QByteArray("uniqueId,time,lat,lon,speedKph,course,altitude,valid,network"));
        QVERIFY(lines[1].endsWith(",true,"));
        // The network column is one quoted CSV field holding JSON.
        const qsizetype quote = lines[2].indexOf('"');
        QVERIFY(quote > 0);
        QVERIFY(lines[2].left(quote).endsWith(",false,"));
        QByteArray field = lines[2].mid(quote + 1);
        QVERIFY(field.endsWith('"'));
        field.chop(1);
        field.replace("\"\"", "\"");
        const QJsonObject o = QJsonDocument::fromJson(field).object();
        QCOMPARE(Network::fromVariant(o.toVariantMap()).cellTowers.value(0),
                 (CellTower { 262, 2, 4711, 99, 0 }));
    }

    void tracksSkipOutdated()
    {
        QCOMPARE(exported(ExportFormat::Gpx).count("<trkpt"), 1);
        const QJsonObject geo = QJsonDocument::fromJson(exported(ExportFormat::GeoJson)).object();
        const QJsonArray coords = geo.value(QStringLiteral("features")).toArray().at(0).toObject()
                                      .value(QStringLiteral("geometry")).toObject()
                                      .value(QStringLiteral("coordinates")).toArray();
        QCOMPARE(coords.size(), 1);
    }
};

FW_TEST_CLASS(TstTrackExporter)
#include "tst_trackexporter.moc"
