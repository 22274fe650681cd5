#pragma once
// DeviceDetailsPanel: everything about the selected device in one place: its status with the
// reason the core detected and what to check, the latest position with all attributes, how it
// is connected, its recent status history and a speed/altitude chart. For a device that has not
// activated yet it shows how to point the tracker at this server (host, port, configuration SMS).

#include "details/DeviceDetailsPresenter.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"
#include "fleet/DeviceSnapshot.h"

#include <QHash>
#include <QWidget>

#include <functional>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QDateTimeAxis;
class QGroupBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTimer;
class QTreeWidget;
class QValueAxis;
QT_END_NAMESPACE

namespace fw {

class Clock;
class DeviceModelCatalog;

class DeviceDetailsPanel : public QWidget
{
    Q_OBJECT
public:
    // Both may be null (no relative times / no model help); they must outlive the panel.
    explicit DeviceDetailsPanel(const DeviceModelCatalog *catalog = nullptr,
        const Clock *clock = nullptr, QWidget *parent = nullptr);
    ~DeviceDetailsPanel() override;

    void setCatalog(const DeviceModelCatalog *catalog);
    void setClock(const Clock *clock);
    // The address trackers reach this server at (host name or IP), for the activation help.
    void setServerAddress(const QString &host);
    QString serverAddress() const { return m_presenter.serverAddress(); }
    // Ports the listeners actually use (protocol -> port); missing ones use the catalogue's.
    void setListeningPorts(const QHash<QString, quint16> &ports);

    // Where the device's own password is read (the snapshots never carry secrets); it fills
    // the configuration SMS. Asked when another device is shown and by refreshPassword().
    void setPasswordLookup(std::function<QString(const QString &uniqueId)> lookup);
    void refreshPassword();

    // Why this login may not edit the device / send it commands (empty: it may); the buttons
    // stay disabled with the reason as their tooltip.
    void setChangesRefused(const QString &editReason, const QString &commandReason);

    void setSnapshot(const DeviceSnapshot &snapshot);
    void setHistory(const QList<DeviceEvent> &events); // newest last
    void setTrack(const QList<Position> &track); // oldest first; the last one is "latest"
    void clear();

    bool hasDevice() const { return !m_snapshot.device.uniqueId.isEmpty(); }
    QString uniqueId() const { return m_snapshot.device.uniqueId; }
    const DeviceSnapshot &snapshot() const { return m_snapshot; }

    // What the activation help shows (empty when the device is activated).
    QString configSms() const { return m_configSms; }
    quint16 activationPort() const { return m_activationPort; }

    // The status indicator of status-rules.md, painted (crisp at any device pixel ratio).
    static QPixmap statusPixmap(ConnectionStatus status, int size, qreal devicePixelRatio);

signals:
    void troubleshootRequested(const QString &uniqueId);
    void sendCommandRequested(const QString &uniqueId);
    void editRequested(const QString &uniqueId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void showSnapshot();
    void showActivationHelp();
    void showAttributes();
    void showHistory();
    void showChart();
    void applyChartPalette();

    DeviceDetailsPresenter m_presenter; // catalogue, clock, server address, listening ports
    std::function<QString(const QString &)> m_passwordLookup;
    QString m_password; // the shown device's own password; empty = the model's default
    DeviceSnapshot m_snapshot;
    QList<DeviceEvent> m_history;
    QList<Position> m_track;
    QString m_configSms;
    quint16 m_activationPort = 0;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_indicator = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_reasonLabel = nullptr;
    QLabel *m_causesLabel = nullptr;
    QGroupBox *m_activationBox = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_smsNote = nullptr;
    QLineEdit *m_smsEdit = nullptr;
    QPushButton *m_copySmsButton = nullptr;
    QTableWidget *m_attributes = nullptr;
    QLabel *m_protocolValue = nullptr;
    QLabel *m_peerValue = nullptr;
    QLabel *m_peerPortValue = nullptr;
    QLabel *m_localPortValue = nullptr;
    QLabel *m_lastPacketValue = nullptr;
    QLabel *m_statusSinceValue = nullptr;
    QLabel *m_connectionEndValue = nullptr;
    QTreeWidget *m_historyTree = nullptr;
    QChartView *m_chartView = nullptr;
    QChart *m_chart = nullptr;
    QLineSeries *m_speedSeries = nullptr;
    QLineSeries *m_altitudeSeries = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_speedAxis = nullptr;
    QValueAxis *m_altitudeAxis = nullptr;
    QLabel *m_noTrackLabel = nullptr;
    QPushButton *m_troubleshootButton = nullptr;
    QPushButton *m_commandButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QString m_editRefused; // setChangesRefused()
    QString m_commandRefused;
    QTimer *m_refreshTimer = nullptr;
};

} // namespace fw
