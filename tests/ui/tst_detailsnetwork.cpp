// The device details show a report's cell towers and Wi-Fi in words, and say when the place
// shown is the last known fix rather than a current one (issue #15, d).
#include "TestMain.h"

#include "details/DeviceDetailsPresenter.h"
#include "domain/Network.h"

#include <QTest>

using namespace fw;

class TstDetailsNetwork : public QObject
{
    Q_OBJECT
private slots:
    void networkAndOutdatedRows()
    {
        const DeviceDetailsPresenter presenter;
        DeviceSnapshot s;
        s.device.uniqueId = QStringLiteral("864717003283581");
        Position p;
        p.uniqueId = s.device.uniqueId;
        Network n;
        n.addCell(262, 2, 4711, 99);
        n.addWifi(u"00:1a:2b:3c:4d:5e", -55);
        n.addWifi(u"00:1a:2b:3c:4d:5f", -60);
        n.storeIn(p.attributes);
        p.attributes.set(attr::outdated, true);

        const QList<DeviceDetailsPresenter::Row> rows = presenter.positionRows(s, { p });
        QString network, location;
        for (const auto &[field, value] : rows) {
            if (field == QStringLiteral("Cell towers and Wi-Fi"))
                network = value;
            else if (field == QStringLiteral("Location"))
                location = value;
            QVERIFY2(field != attr::network, "the raw attribute is not listed");
        }
        QVERIFY2(network.contains(QStringLiteral("262/2 LAC 4711 cell 99")), qPrintable(network));
        QVERIFY2(network.contains(QStringLiteral("2 Wi-Fi access point")), qPrintable(network));
        QCOMPARE(location, QStringLiteral("last known fix, not current"));
    }
};

FW_TEST_CLASS(TstDetailsNetwork)
#include "tst_detailsnetwork.moc"
