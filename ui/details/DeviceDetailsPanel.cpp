#include "DeviceDetailsPanel.h"

#include "util/Clock.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
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
{
    m_presenter.setCatalog(catalog);
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
    // The page follows the dock's width (texts wrap, tables scroll inside): no sideways scroll.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
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
    m_nameLabel->setWordWrap(true); // long names and ids wrap instead of widening the dock
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
    m_attributes->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    positionLayout->addWidget(m_attributes);
    layout->addWidget(positionBox);

    // Connection.
    auto *connectionBox = new QGroupBox(tr("Connection"), page);
    auto *form = new QFormLayout(connectionBox);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // long labels put the value below
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
    // Tables take the panel's width and scroll inside; they never widen the panel.
    m_historyTree->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
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

    // Actions, two to a row: the panel may be narrow (a 1366 px screen, long translations).
    auto *buttons = new QGridLayout;
    m_troubleshootButton = new QPushButton(tr("&Troubleshoot…"), page);
    m_troubleshootButton->setAccessibleName(tr("Troubleshoot"));
    m_commandButton = new QPushButton(tr("Send &Command…"), page);
    m_commandButton->setAccessibleName(tr("Send command"));
    m_editButton = new QPushButton(tr("&Edit…"), page);
    m_editButton->setAccessibleName(tr("Edit device"));
    buttons->addWidget(m_troubleshootButton, 0, 0);
    buttons->addWidget(m_editButton, 0, 1);
    buttons->addWidget(m_commandButton, 1, 0);
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
    m_presenter.setCatalog(catalog);
    if (hasDevice())
        showActivationHelp();
}

void DeviceDetailsPanel::setClock(const Clock *clock)
{
    if (m_presenter.clock())
        disconnect(m_presenter.clock(), nullptr, this, nullptr);
    m_presenter.setClock(clock);
    if (clock)
        connect(clock, &Clock::advanced, this, &DeviceDetailsPanel::showSnapshot);
    if (hasDevice())
        showSnapshot();
}

void DeviceDetailsPanel::setServerAddress(const QString &host)
{
    m_presenter.setServerAddress(host);
    if (hasDevice())
        showActivationHelp();
}

void DeviceDetailsPanel::setListeningPorts(const QHash<QString, quint16> &ports)
{
    m_presenter.setListeningPorts(ports);
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

void DeviceDetailsPanel::setChangesRefused(const QString &editReason, const QString &commandReason)
{
    m_editRefused = editReason;
    m_commandRefused = commandReason;
    m_editButton->setToolTip(editReason);
    m_commandButton->setToolTip(commandReason);
    if (hasDevice())
        showSnapshot();
}

void DeviceDetailsPanel::showSnapshot()
{
    if (!hasDevice())
        return;
    const DeviceSnapshot &s = m_snapshot;
    m_indicator->setPixmap(statusPixmap(s.status, kIndicatorSize, devicePixelRatioF()));
    m_indicator->setToolTip(statusTitle(s.status));
    m_indicator->setAccessibleName(statusTitle(s.status));
    const DeviceDetailsPresenter::Summary summary = m_presenter.summary(s);
    m_nameLabel->setText(summary.title);
    m_statusLabel->setText(summary.status);
    m_reasonLabel->setText(summary.reason);
    if (summary.causesHtml.isEmpty()) {
        m_causesLabel->hide();
    } else {
        m_causesLabel->setText(summary.causesHtml);
        m_causesLabel->show();
    }

    const DeviceDetailsPresenter::Connection connection = m_presenter.connection(s);
    m_protocolValue->setText(connection.protocol);
    m_peerValue->setText(connection.peerAddress);
    m_peerPortValue->setText(connection.peerPort);
    m_localPortValue->setText(connection.localPort);
    m_lastPacketValue->setText(connection.lastPacket);
    m_statusSinceValue->setText(connection.statusSince);
    m_connectionEndValue->setText(connection.ended);

    m_troubleshootButton->setEnabled(true);
    m_commandButton->setEnabled(m_commandRefused.isEmpty());
    m_editButton->setEnabled(m_editRefused.isEmpty());
    showActivationHelp();
    showAttributes();
}

void DeviceDetailsPanel::showActivationHelp()
{
    const DeviceDetailsPresenter::ActivationHelp help = hasDevice()
        ? m_presenter.activationHelp(m_snapshot, m_password)
        : DeviceDetailsPresenter::ActivationHelp();
    m_configSms = help.configSms;
    m_activationPort = help.port;
    if (!help.needed) {
        m_activationBox->hide();
        return;
    }
    m_serverLabel->setText(help.server);
    m_smsNote->setText(help.note);
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
    const QList<DeviceDetailsPresenter::Row> rows = m_presenter.positionRows(m_snapshot, m_track);
    m_attributes->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        m_attributes->setItem(r, 0, readOnlyItem(rows.at(r).first));
        m_attributes->setItem(r, 1, readOnlyItem(rows.at(r).second));
    }
    m_attributes->resizeColumnToContents(0);
    // The field names never take more than half the table: the values need the room.
    m_attributes->setColumnWidth(
        0, std::min(m_attributes->columnWidth(0), m_attributes->viewport()->width() / 2));
}

void DeviceDetailsPanel::showHistory()
{
    m_historyTree->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(m_history.size());
    // Newest first: that is what an operator looks for.
    for (auto it = m_history.crbegin(); it != m_history.crend(); ++it) {
        auto *item = new QTreeWidgetItem(DeviceDetailsPresenter::historyRow(*it));
        item->setToolTip(2, it->text);
        items.append(item);
    }
    m_historyTree->addTopLevelItems(items);
    m_historyTree->resizeColumnToContents(0);
}

void DeviceDetailsPanel::showChart()
{
    const DeviceDetailsPresenter::Chart chart = DeviceDetailsPresenter::chart(m_track);
    m_speedSeries->replace(chart.speed);
    m_altitudeSeries->replace(chart.altitude);
    const bool hasData = !chart.speed.isEmpty();
    m_chartView->setVisible(hasData);
    m_noTrackLabel->setVisible(!hasData);
    if (!hasData)
        return;
    m_timeAxis->setRange(chart.from, chart.to);
    m_timeAxis->setFormat(chart.timeFormat);
    m_speedAxis->setRange(0, chart.speedMax);
    m_altitudeAxis->setRange(chart.altitudeMin, chart.altitudeMax);
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
