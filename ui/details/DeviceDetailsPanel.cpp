#include "DeviceDetailsPanel.h"

#include "domain/DeviceModelCatalog.h"
#include "util/Clock.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

constexpr int kIndicatorSize = 20;
constexpr int kRefreshMs = 15000; // "3 min ago" stays right without a repaint per second

const QColor kGreen(0x2e, 0x9e, 0x44);
const QColor kRed(0xd3, 0x3b, 0x2f);
const QColor kAmber(0xe0, 0xa0, 0x00);
const QColor kGrey(0x8a, 0x8f, 0x98);

QString attributeText(const QVariant &v)
{
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? DeviceDetailsPanel::tr("yes") : DeviceDetailsPanel::tr("no");
    if (v.typeId() == QMetaType::Double)
        return QLocale().toString(v.toDouble(), 'g', 8);
    return v.toString();
}

QTableWidgetItem *readOnlyItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

void drawLock(QPainter &p, const QRectF &r, const QColor &color)
{
    // A small padlock in the lower right quarter, on a disc of the window colour so it reads.
    const QRectF box(r.center().x(), r.center().y(), r.width() / 2, r.height() / 2);
    p.setPen(Qt::NoPen);
    p.setBrush(QApplication::palette().color(QPalette::Window));
    p.drawEllipse(box.adjusted(-1, -1, 1, 1));
    const QRectF body(box.left() + box.width() * 0.18, box.top() + box.height() * 0.45,
        box.width() * 0.64, box.height() * 0.45);
    p.setBrush(color);
    p.drawRoundedRect(body, 1, 1);
    QPen pen(color, std::max(1.0, box.width() * 0.12));
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    const QRectF shackle(box.left() + box.width() * 0.3, box.top() + box.height() * 0.12,
        box.width() * 0.4, box.height() * 0.6);
    p.drawArc(shackle, 0, 180 * 16);
}

void drawGear(QPainter &p, const QRectF &r, const QColor &color)
{
    // Eight teeth around a hub, centred in the hollow ring.
    const QPointF c = r.center();
    const qreal outer = r.width() * 0.26;
    const qreal inner = r.width() * 0.18;
    QPainterPath path;
    for (int i = 0; i < 16; ++i) {
        const qreal a = i * std::numbers::pi / 8;
        const qreal rad = (i % 2 == 0) ? outer : inner;
        const QPointF pt(c.x() + rad * std::cos(a), c.y() + rad * std::sin(a));
        if (i == 0)
            path.moveTo(pt);
        else
            path.lineTo(pt);
    }
    path.closeSubpath();
    path.addEllipse(c, inner * 0.45, inner * 0.45);
    path.setFillRule(Qt::OddEvenFill);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawPath(path);
}

} // namespace

QPixmap DeviceDetailsPanel::statusPixmap(ConnectionStatus status, int size, qreal dpr)
{
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal ring = std::max(2.0, size / 6.0);
    const QRectF outer(1, 1, size - 2, size - 2);
    const QRectF inside = outer.adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2);
    auto solid = [&](const QColor &c) {
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(outer);
    };
    auto hollow = [&](const QColor &c, const QBrush &centre) {
        p.setPen(QPen(c, ring));
        p.setBrush(centre);
        p.drawEllipse(inside);
    };
    switch (status) {
    case ConnectionStatus::Online:
        solid(kGreen);
        break;
    case ConnectionStatus::GpsOutdated:
        hollow(kGreen, Qt::white); // green ring with a white centre, on any background
        break;
    case ConnectionStatus::Offline:
        solid(kRed);
        break;
    case ConnectionStatus::Blocked:
        solid(kGrey);
        drawLock(p, outer, kGrey.darker(160));
        break;
    case ConnectionStatus::NeedsManualActivation:
        hollow(kGrey, Qt::NoBrush);
        drawGear(p, outer, kGrey);
        break;
    case ConnectionStatus::JustRegistered:
        hollow(kGrey, Qt::NoBrush);
        break;
    case ConnectionStatus::AwaitingFirstData:
        hollow(kAmber, Qt::NoBrush);
        break;
    }
    return pm;
}

DeviceDetailsPanel::DeviceDetailsPanel(
    const DeviceModelCatalog *catalog, const Clock *clock, QWidget *parent)
    : QWidget(parent)
    , m_catalog(catalog)
{
    setObjectName(u"DeviceDetailsPanel"_s);
    setAccessibleName(tr("Device details"));
    buildUi();
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setInterval(kRefreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            showSnapshot();
    });
    setClock(clock);
    clear();
}

DeviceDetailsPanel::~DeviceDetailsPanel() = default;

void DeviceDetailsPanel::buildUi()
{
    m_stack = new QStackedWidget(this);
    auto *outerLayout = new QVBoxLayout(this);
    outerLayout->setContentsMargins(0, 0, 0, 0);
    outerLayout->addWidget(m_stack);

    auto *empty = new QLabel(tr("Select a device to see its details."), m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false);
    m_stack->addWidget(empty);

    auto *scroll = new QScrollArea(m_stack);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget(scroll);
    scroll->setWidget(page);
    m_stack->addWidget(scroll);
    auto *layout = new QVBoxLayout(page);

    // Status header.
    auto *header = new QHBoxLayout;
    m_indicator = new QLabel(page);
    m_indicator->setObjectName(u"statusIndicator"_s);
    m_indicator->setFixedSize(kIndicatorSize, kIndicatorSize);
    m_nameLabel = new QLabel(page);
    m_nameLabel->setObjectName(u"nameLabel"_s);
    m_nameLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_nameLabel->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_nameLabel->setFont(big);
    header->addWidget(m_indicator);
    header->addWidget(m_nameLabel, 1);
    layout->addLayout(header);

    m_statusLabel = new QLabel(page);
    m_statusLabel->setObjectName(u"statusLabel"_s);
    m_statusLabel->setWordWrap(true);
    m_reasonLabel = new QLabel(page);
    m_reasonLabel->setObjectName(u"reasonLabel"_s);
    m_reasonLabel->setWordWrap(true);
    m_reasonLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_causesLabel = new QLabel(page);
    m_causesLabel->setObjectName(u"causesLabel"_s);
    m_causesLabel->setWordWrap(true);
    m_causesLabel->setTextFormat(Qt::RichText);
    m_causesLabel->setAccessibleName(tr("What to check"));
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_reasonLabel);
    layout->addWidget(m_causesLabel);

    // Activation help.
    m_activationBox = new QGroupBox(tr("Set up the tracker"), page);
    m_activationBox->setObjectName(u"activationHelp"_s);
    auto *help = new QVBoxLayout(m_activationBox);
    m_serverLabel = new QLabel(m_activationBox);
    m_serverLabel->setObjectName(u"serverLabel"_s);
    m_serverLabel->setWordWrap(true);
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_smsNote = new QLabel(m_activationBox);
    m_smsNote->setWordWrap(true);
    m_smsEdit = new QLineEdit(m_activationBox);
    m_smsEdit->setObjectName(u"configSms"_s);
    m_smsEdit->setReadOnly(true);
    m_smsEdit->setAccessibleName(tr("Configuration SMS"));
    m_copySmsButton = new QPushButton(tr("Copy SMS"), m_activationBox);
    m_copySmsButton->setAccessibleName(tr("Copy configuration SMS"));
    connect(m_copySmsButton, &QPushButton::clicked, this,
        [this] { QGuiApplication::clipboard()->setText(m_configSms); });
    auto *smsRow = new QHBoxLayout;
    smsRow->addWidget(m_smsEdit, 1);
    smsRow->addWidget(m_copySmsButton);
    help->addWidget(m_serverLabel);
    help->addWidget(m_smsNote);
    help->addLayout(smsRow);
    layout->addWidget(m_activationBox);

    // Latest position and attributes.
    auto *positionBox = new QGroupBox(tr("Latest position"), page);
    auto *positionLayout = new QVBoxLayout(positionBox);
    m_attributes = new QTableWidget(0, 2, positionBox);
    m_attributes->setObjectName(u"attributesTable"_s);
    m_attributes->setAccessibleName(tr("Position and attributes"));
    m_attributes->setHorizontalHeaderLabels({ tr("Field"), tr("Value") });
    m_attributes->horizontalHeader()->setStretchLastSection(true);
    m_attributes->verticalHeader()->hide();
    m_attributes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_attributes->setMinimumHeight(160);
    positionLayout->addWidget(m_attributes);
    layout->addWidget(positionBox);

    // Connection.
    auto *connectionBox = new QGroupBox(tr("Connection"), page);
    auto *form = new QFormLayout(connectionBox);
    auto value = [&](const char *name) {
        auto *l = new QLabel(connectionBox);
        l->setObjectName(QString::fromLatin1(name));
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        return l;
    };
    m_protocolValue = value("protocolValue");
    m_peerValue = value("peerValue");
    m_peerPortValue = value("peerPortValue");
    m_localPortValue = value("localPortValue");
    m_lastPacketValue = value("lastPacketValue");
    m_statusSinceValue = value("statusSinceValue");
    m_connectionEndValue = value("connectionEndValue");
    form->addRow(tr("Protocol:"), m_protocolValue);
    form->addRow(tr("Peer address:"), m_peerValue);
    form->addRow(tr("Peer port:"), m_peerPortValue);
    form->addRow(tr("Server port:"), m_localPortValue);
    form->addRow(tr("Last packet:"), m_lastPacketValue);
    form->addRow(tr("Status since:"), m_statusSinceValue);
    form->addRow(tr("Last connection ended:"), m_connectionEndValue);
    layout->addWidget(connectionBox);

    // History.
    auto *historyBox = new QGroupBox(tr("Recent status history"), page);
    auto *historyLayout = new QVBoxLayout(historyBox);
    m_historyTree = new QTreeWidget(historyBox);
    m_historyTree->setObjectName(u"historyList"_s);
    m_historyTree->setAccessibleName(tr("Status history"));
    m_historyTree->setRootIsDecorated(false);
    m_historyTree->setHeaderLabels({ tr("Time"), tr("Type"), tr("Event") });
    m_historyTree->setMinimumHeight(120);
    historyLayout->addWidget(m_historyTree);
    layout->addWidget(historyBox);

    // Chart.
    auto *chartBox = new QGroupBox(tr("Speed and altitude"), page);
    auto *chartLayout = new QVBoxLayout(chartBox);
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_speedSeries = new QLineSeries(m_chart);
    m_speedSeries->setName(tr("Speed (km/h)"));
    m_altitudeSeries = new QLineSeries(m_chart);
    m_altitudeSeries->setName(tr("Altitude (m)"));
    m_chart->addSeries(m_speedSeries);
    m_chart->addSeries(m_altitudeSeries);
    m_timeAxis = new QDateTimeAxis(m_chart);
    m_timeAxis->setFormat(u"HH:mm"_s);
    m_timeAxis->setTickCount(5);
    m_speedAxis = new QValueAxis(m_chart);
    m_speedAxis->setTitleText(tr("km/h"));
    m_speedAxis->setLabelFormat(u"%.0f"_s);
    m_altitudeAxis = new QValueAxis(m_chart);
    m_altitudeAxis->setTitleText(tr("m"));
    m_altitudeAxis->setLabelFormat(u"%.0f"_s);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_speedAxis, Qt::AlignLeft);
    m_chart->addAxis(m_altitudeAxis, Qt::AlignRight);
    m_speedSeries->attachAxis(m_timeAxis);
    m_speedSeries->attachAxis(m_speedAxis);
    m_altitudeSeries->attachAxis(m_timeAxis);
    m_altitudeSeries->attachAxis(m_altitudeAxis);
    m_chartView = new QChartView(m_chart, chartBox);
    m_chartView->setObjectName(u"trackChart"_s);
    m_chartView->setAccessibleName(tr("Speed and altitude chart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(200);
    m_noTrackLabel = new QLabel(tr("No recent track."), chartBox);
    m_noTrackLabel->setEnabled(false);
    chartLayout->addWidget(m_chartView);
    chartLayout->addWidget(m_noTrackLabel);
    layout->addWidget(chartBox);
    applyChartPalette();

    // Actions.
    auto *buttons = new QHBoxLayout;
    m_troubleshootButton = new QPushButton(tr("&Troubleshoot…"), page);
    m_troubleshootButton->setAccessibleName(tr("Troubleshoot"));
    m_commandButton = new QPushButton(tr("Send &Command…"), page);
    m_commandButton->setAccessibleName(tr("Send command"));
    m_editButton = new QPushButton(tr("&Edit…"), page);
    m_editButton->setAccessibleName(tr("Edit device"));
    buttons->addWidget(m_troubleshootButton);
    buttons->addWidget(m_commandButton);
    buttons->addStretch();
    buttons->addWidget(m_editButton);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(m_troubleshootButton, &QPushButton::clicked, this,
        [this] { emit troubleshootRequested(uniqueId()); });
    connect(m_commandButton, &QPushButton::clicked, this,
        [this] { emit sendCommandRequested(uniqueId()); });
    connect(m_editButton, &QPushButton::clicked, this, [this] { emit editRequested(uniqueId()); });
}

void DeviceDetailsPanel::setCatalog(const DeviceModelCatalog *catalog)
{
    m_catalog = catalog;
    if (hasDevice())
        showActivationHelp();
}

void DeviceDetailsPanel::setClock(const Clock *clock)
{
    if (m_clock)
        disconnect(m_clock, nullptr, this, nullptr);
    m_clock = clock;
    if (m_clock)
        connect(m_clock, &Clock::advanced, this, &DeviceDetailsPanel::showSnapshot);
    if (hasDevice())
        showSnapshot();
}

void DeviceDetailsPanel::setServerAddress(const QString &host)
{
    m_serverAddress = host.trimmed();
    if (hasDevice())
        showActivationHelp();
}

void DeviceDetailsPanel::setListeningPorts(const QHash<QString, quint16> &ports)
{
    m_listeningPorts = ports;
    if (hasDevice())
        showActivationHelp();
}

void DeviceDetailsPanel::setPasswordLookup(std::function<QString(const QString &)> lookup)
{
    m_passwordLookup = std::move(lookup);
    refreshPassword();
}

void DeviceDetailsPanel::refreshPassword()
{
    const QString &id = m_snapshot.device.uniqueId;
    const QString password = m_passwordLookup && !id.isEmpty() ? m_passwordLookup(id) : QString();
    if (password == m_password)
        return;
    m_password = password;
    if (hasDevice())
        showSnapshot();
}

void DeviceDetailsPanel::setSnapshot(const DeviceSnapshot &snapshot)
{
    const bool otherDevice = snapshot.device.uniqueId != m_snapshot.device.uniqueId;
    m_snapshot = snapshot;
    if (otherDevice) {
        m_password = m_passwordLookup ? m_passwordLookup(snapshot.device.uniqueId) : QString();
        // History and track belong to the previous device.
        m_history.clear();
        m_track.clear();
        showHistory();
        showChart();
    }
    m_stack->setCurrentIndex(1);
    m_refreshTimer->start();
    showSnapshot();
}

void DeviceDetailsPanel::setHistory(const QList<DeviceEvent> &events)
{
    m_history = events;
    showHistory();
}

void DeviceDetailsPanel::setTrack(const QList<Position> &track)
{
    m_track = track;
    std::stable_sort(m_track.begin(), m_track.end(), [](const Position &a, const Position &b) {
        const TimeMs ta = a.deviceTime != kNoTime ? a.deviceTime : a.serverTime;
        const TimeMs tb = b.deviceTime != kNoTime ? b.deviceTime : b.serverTime;
        return ta < tb;
    });
    showAttributes();
    showChart();
}

void DeviceDetailsPanel::clear()
{
    m_snapshot = DeviceSnapshot();
    m_password.clear();
    m_history.clear();
    m_track.clear();
    m_configSms.clear();
    m_activationPort = 0;
    m_refreshTimer->stop();
    m_stack->setCurrentIndex(0);
    m_nameLabel->clear();
    m_statusLabel->clear();
    m_reasonLabel->clear();
    m_causesLabel->clear();
    m_activationBox->hide();
    m_attributes->setRowCount(0);
    m_historyTree->clear();
    showChart();
    for (QPushButton *b : { m_troubleshootButton, m_commandButton, m_editButton })
        b->setEnabled(false);
}

QString DeviceDetailsPanel::agoText(TimeMs t) const
{
    if (!m_clock || t == kNoTime)
        return {};
    const qint64 secs = (m_clock->now() - t) / kSecond;
    if (secs < -60)
        return tr("in the future");
    if (secs < 60)
        return tr("just now");
    if (secs < 3600)
        return tr("%n min ago", nullptr, static_cast<int>(secs / 60));
    if (secs < 86400)
        return tr("%n h ago", nullptr, static_cast<int>(secs / 3600));
    return tr("%n day(s) ago", nullptr, static_cast<int>(secs / 86400));
}

QString DeviceDetailsPanel::timeText(TimeMs t) const
{
    if (t == kNoTime)
        return tr("never");
    const QString absolute = toDateTime(t).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    const QString ago = agoText(t);
    return ago.isEmpty() ? absolute : tr("%1 (%2)").arg(absolute, ago);
}

void DeviceDetailsPanel::showSnapshot()
{
    if (!hasDevice())
        return;
    const DeviceSnapshot &s = m_snapshot;
    const Device &d = s.device;
    const DeviceActivity &a = s.activity;

    m_indicator->setPixmap(statusPixmap(s.status, kIndicatorSize, devicePixelRatioF()));
    m_indicator->setToolTip(statusTitle(s.status));
    m_indicator->setAccessibleName(statusTitle(s.status));
    m_nameLabel->setText(d.name.isEmpty() ? d.uniqueId : tr("%1 — %2").arg(d.name, d.uniqueId));
    QString status = statusTitle(s.status);
    if (s.statusSince != kNoTime)
        status = tr("%1, since %2").arg(status, timeText(s.statusSince));
    m_statusLabel->setText(status);
    m_reasonLabel->setText(s.reason.text());

    const QStringList causes = s.reason.likelyCauses();
    if (causes.isEmpty()) {
        m_causesLabel->hide();
    } else {
        QString html = u"<b>"_s + tr("What to check:").toHtmlEscaped() + u"</b><ul>"_s;
        for (const QString &c : causes)
            html += u"<li>"_s + c.toHtmlEscaped() + u"</li>"_s;
        html += u"</ul>"_s;
        m_causesLabel->setText(html);
        m_causesLabel->show();
    }

    const QString dash = tr("—");
    QString protocol = a.protocol.isEmpty() ? d.protocol : a.protocol;
    m_protocolValue->setText(protocol.isEmpty() ? dash : protocol);
    const qsizetype colon = a.peer.lastIndexOf(u':');
    const bool bracketed = a.peer.startsWith(u'[');
    QString peerAddress = colon > 0 ? a.peer.left(colon) : a.peer;
    if (bracketed && peerAddress.endsWith(u']'))
        peerAddress = peerAddress.mid(1, peerAddress.size() - 2);
    m_peerValue->setText(peerAddress.isEmpty() ? dash : peerAddress);
    m_peerPortValue->setText(colon > 0 ? a.peer.mid(colon + 1) : dash);
    m_localPortValue->setText(a.localPort ? QString::number(a.localPort) : dash);
    m_lastPacketValue->setText(timeText(a.lastPacketAt));
    m_statusSinceValue->setText(s.statusSince == kNoTime ? dash : timeText(s.statusSince));
    QString ended;
    switch (a.connectionEnd) {
    case ConnectionEnd::None:
        ended = isConnected(s.status) ? tr("still connected") : dash;
        break;
    case ConnectionEnd::ClosedByDevice:
        ended = tr("closed by the device");
        break;
    case ConnectionEnd::TimedOut:
        ended = tr("timed out (the device went silent without closing)");
        break;
    case ConnectionEnd::ClosedByServer:
        ended = tr("closed by the server");
        break;
    }
    m_connectionEndValue->setText(ended);

    for (QPushButton *b : { m_troubleshootButton, m_commandButton, m_editButton })
        b->setEnabled(true);
    showActivationHelp();
    showAttributes();
}

void DeviceDetailsPanel::showActivationHelp()
{
    m_configSms.clear();
    m_activationPort = 0;
    if (!hasDevice() || !isNotActivated(m_snapshot.status)) {
        m_activationBox->hide();
        return;
    }
    const Device &d = m_snapshot.device;
    const DeviceModel *model = nullptr;
    if (m_catalog && !d.model.isEmpty())
        model = m_catalog->find(d.model);
    const QString protocol = !d.protocol.isEmpty() ? d.protocol
        : model                                    ? model->protocol
                                                   : QString();
    quint16 port = m_listeningPorts.value(protocol, 0);
    if (port == 0)
        port = model && model->protocol == protocol ? model->defaultPort
                                                    : defaultPortForProtocol(protocol);
    m_activationPort = port;

    const QString host = m_serverAddress.isEmpty() ? tr("<server address>") : m_serverAddress;
    QStringList lines;
    if (port != 0) {
        lines << tr("Point the tracker at server %1, port %2 (%3).")
                     .arg(host, QString::number(port), protocol);
    } else {
        lines << tr("Point the tracker at server %1, on the port of its protocol (the model "
                    "is not set, so the port is not known).")
                     .arg(host);
    }
    if (m_serverAddress.isEmpty())
        lines << tr("Set this server's public address in the settings to fill it in here.");
    m_serverLabel->setText(lines.join(u'\n'));

    QString note;
    if (!model) {
        note = d.model.isEmpty()
            ? tr("Choose the device's model (Edit) to get its configuration SMS.")
            : tr("Model \"%1\" is not in the catalogue; use the vendor's instructions.")
                  .arg(d.model);
    } else if (model->configSmsTemplate.isEmpty()) {
        note = tr("%1 is configured with the vendor's tool, not by SMS: enter the server "
                  "address and port there.")
                   .arg(model->name);
    } else {
        const QString password = m_password.isEmpty() ? model->defaultPassword : m_password;
        const QString &smsTemplate = model->configSmsTemplate;
        const QString apn = smsTemplate.contains(u"{apn}"_s) ? tr("<APN>") : QString();
        m_configSms = DeviceModelCatalog::fillTemplate(smsTemplate, host, port, password, apn);
        note = tr("Send this SMS to the tracker's SIM card%1:")
                   .arg(d.phone.isEmpty() ? QString() : tr(" (%1)").arg(d.phone));
        if (!apn.isEmpty())
            note += u' ' + tr("Replace <APN> with the SIM operator's access point name.");
    }
    if (m_snapshot.status == ConnectionStatus::NeedsManualActivation)
        note = tr("This model does not start sending by itself.") + u' ' + note;
    m_smsNote->setText(note);
    m_smsEdit->setText(m_configSms);
    m_smsEdit->setVisible(!m_configSms.isEmpty());
    m_copySmsButton->setVisible(!m_configSms.isEmpty());
    m_activationBox->show();
}

void DeviceDetailsPanel::showAttributes()
{
    m_attributes->setRowCount(0);
    if (!hasDevice())
        return;
    const DeviceActivity &a = m_snapshot.activity;
    QList<std::pair<QString, QString>> rows;
    rows.append({ tr("Position time"), timeText(a.lastPositionAt) });
    if (a.hasLocation) {
        rows.append({ tr("Coordinates"),
            tr("%1, %2").arg(
                QString::number(a.latitude, 'f', 6), QString::number(a.longitude, 'f', 6)) });
        rows.append({ tr("Speed"), tr("%1 km/h").arg(QString::number(a.speedKph, 'f', 1)) });
        rows.append({ tr("Course"), tr("%1°").arg(QString::number(a.course, 'f', 0)) });
    }
    if (m_snapshot.moving) {
        rows.append({ tr("Motion"), tr("moving") });
    } else if (m_snapshot.stoppedSince != kNoTime) {
        const QString since = timeText(m_snapshot.stoppedSince);
        rows.append({ tr("Motion"), tr("stopped since %1").arg(since) });
    }
    rows.append({ tr("Last valid fix"), timeText(a.lastFixAt) });
    rows.append({ tr("Fix received"), timeText(a.lastFixReceivedAt) });
    const Position *latest = nullptr;
    if (!m_track.isEmpty()
        && (m_track.constLast().uniqueId.isEmpty()
            || m_track.constLast().uniqueId == m_snapshot.device.uniqueId))
        latest = &m_track.constLast();
    if (latest) {
        rows.append({ tr("Valid fix"), latest->valid ? tr("yes") : tr("no") });
        rows.append({ tr("Altitude"), tr("%1 m").arg(QString::number(latest->altitude, 'f', 0)) });
        if (latest->satellites >= 0)
            rows.append({ tr("Satellites"), QString::number(latest->satellites) });
        if (latest->accuracy > 0)
            rows.append(
                { tr("Accuracy"), tr("%1 m").arg(QString::number(latest->accuracy, 'f', 0)) });
        for (const Attributes::Entry &e : latest->attributes)
            rows.append({ e.key, attributeText(e.value) });
    }
    m_attributes->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        m_attributes->setItem(r, 0, readOnlyItem(rows.at(r).first));
        m_attributes->setItem(r, 1, readOnlyItem(rows.at(r).second));
    }
    m_attributes->resizeColumnToContents(0);
}

void DeviceDetailsPanel::showHistory()
{
    m_historyTree->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(m_history.size());
    // Newest first: that is what an operator looks for.
    for (auto it = m_history.crbegin(); it != m_history.crend(); ++it) {
        QString type;
        switch (it->type) {
        case EventType::StatusChange:
            type = tr("Status");
            break;
        case EventType::Alarm:
            type = tr("Alarm");
            break;
        case EventType::StatusPacket:
            type = tr("Message");
            break;
        case EventType::CommandResult:
            type = tr("Command");
            break;
        case EventType::Connection:
            type = tr("Connection");
            break;
        }
        auto *item = new QTreeWidgetItem(
            { toDateTime(it->time).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s), type,
                it->text });
        item->setToolTip(2, it->text);
        items.append(item);
    }
    m_historyTree->addTopLevelItems(items);
    m_historyTree->resizeColumnToContents(0);
}

void DeviceDetailsPanel::showChart()
{
    QList<QPointF> speed;
    QList<QPointF> altitude;
    speed.reserve(m_track.size());
    altitude.reserve(m_track.size());
    double maxSpeed = 0;
    double minAlt = std::numeric_limits<double>::max();
    double maxAlt = std::numeric_limits<double>::lowest();
    for (const Position &p : std::as_const(m_track)) {
        const TimeMs t = p.deviceTime != kNoTime ? p.deviceTime : p.serverTime;
        if (t == kNoTime)
            continue;
        speed.append(QPointF(static_cast<qreal>(t), p.speedKph));
        altitude.append(QPointF(static_cast<qreal>(t), p.altitude));
        maxSpeed = std::max(maxSpeed, p.speedKph);
        minAlt = std::min(minAlt, p.altitude);
        maxAlt = std::max(maxAlt, p.altitude);
    }
    m_speedSeries->replace(speed);
    m_altitudeSeries->replace(altitude);
    const bool hasData = !speed.isEmpty();
    m_chartView->setVisible(hasData);
    m_noTrackLabel->setVisible(!hasData);
    if (!hasData)
        return;
    const qint64 first = static_cast<qint64>(speed.constFirst().x());
    qint64 last = static_cast<qint64>(speed.constLast().x());
    if (last <= first)
        last = first + kMinute;
    m_timeAxis->setRange(
        QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
    m_timeAxis->setFormat(last - first > kDay ? u"dd.MM HH:mm"_s : u"HH:mm"_s);
    m_speedAxis->setRange(0, std::max(10.0, std::ceil(maxSpeed * 1.1)));
    const double pad = std::max(5.0, (maxAlt - minAlt) * 0.1);
    m_altitudeAxis->setRange(std::floor(minAlt - pad), std::ceil(maxAlt + pad));
}

void DeviceDetailsPanel::applyChartPalette()
{
    const QPalette pal = palette();
    m_chart->setBackgroundBrush(pal.brush(QPalette::Base));
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->legend()->setLabelColor(pal.color(QPalette::Text));
    for (QAbstractAxis *axis :
        { static_cast<QAbstractAxis *>(m_timeAxis), static_cast<QAbstractAxis *>(m_speedAxis),
            static_cast<QAbstractAxis *>(m_altitudeAxis) }) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.brush(QPalette::Text));
        QColor grid = pal.color(QPalette::Text);
        grid.setAlpha(40);
        axis->setGridLineColor(grid);
    }
    m_speedSeries->setPen(QPen(pal.color(QPalette::Highlight), 2));
    QPen altPen(pal.color(QPalette::PlaceholderText), 1.5, Qt::DashLine);
    m_altitudeSeries->setPen(altPen);
}

void DeviceDetailsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_chart) {
        applyChartPalette();
    } else if (event->type() == QEvent::LanguageChange && hasDevice()) {
        showSnapshot();
        showHistory();
    }
}

} // namespace fw
