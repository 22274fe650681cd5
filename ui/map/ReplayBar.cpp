#include "ReplayBar.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QGeoCoordinate>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSlider>
#include <QStandardPaths>
#include <QStyle>
#include <QToolButton>

#include <algorithm>

namespace fw {

namespace {
constexpr int kSpeeds[] = { 1, 10, 60, 600 };
constexpr int kTickMs = 40;
} // namespace

ReplayBar::ReplayBar(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Track replay"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    m_play = new QToolButton(this);
    m_play->setCheckable(true);
    m_play->setAccessibleName(tr("Play or pause the replay"));
    m_play->setToolTip(tr("Play / pause (Space)"));
    m_play->setShortcut(QKeySequence(Qt::Key_Space));
    m_speedBox = new QComboBox(this);
    m_speedBox->setAccessibleName(tr("Replay speed"));
    for (int s : kSpeeds)
        m_speedBox->addItem(tr("%1x").arg(s), s);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setAccessibleName(tr("Replay time"));
    m_time = new QLabel(this);
    m_time->setAccessibleName(tr("Replay time"));
    m_time->setMinimumWidth(
        m_time->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00")) + 8);
    m_export = new QToolButton(this);
    m_export->setText(tr("Export track…"));
    m_export->setAccessibleName(tr("Export the track as GPX or CSV"));
    layout->addWidget(m_play);
    layout->addWidget(m_speedBox);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_time);
    layout->addWidget(m_export);

    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &ReplayBar::tick);
    connect(m_play, &QToolButton::toggled, this, &ReplayBar::setPlaying);
    connect(m_speedBox, &QComboBox::currentIndexChanged, this,
        [this](int index) { setSpeed(m_speedBox->itemData(index).toInt()); });
    connect(m_slider, &QSlider::valueChanged, this, [this](int seconds) {
        if (hasTrack() && m_slider->isSliderDown())
            setCurrentTime(startTime() + TimeMs(seconds) * kSecond);
    });
    connect(m_slider, &QSlider::actionTriggered, this, [this] {
        if (hasTrack())
            setCurrentTime(startTime() + TimeMs(m_slider->sliderPosition()) * kSecond);
    });
    connect(m_export, &QToolButton::clicked, this, &ReplayBar::exportWithDialog);
    setSpeed(60);
    updateUi();
}

TimeMs ReplayBar::startTime() const
{
    return m_track.isEmpty() ? kNoTime : m_track.first().deviceTime;
}

TimeMs ReplayBar::endTime() const
{
    return m_track.isEmpty() ? kNoTime : m_track.last().deviceTime;
}

void ReplayBar::setTrack(const QList<Position> &track)
{
    setPlaying(false);
    m_track.clear();
    for (const Position &p : track) {
        if (p.deviceTime != kNoTime && p.hasCoordinates())
            m_track.append(p);
    }
    std::stable_sort(m_track.begin(), m_track.end(),
        [](const Position &a, const Position &b) { return a.deviceTime < b.deviceTime; });
    m_current = kNoTime;
    if (hasTrack())
        setCurrentTime(startTime());
    updateUi();
}

void ReplayBar::clear()
{
    setTrack({});
}

void ReplayBar::setCurrentTime(TimeMs t)
{
    if (!hasTrack())
        return;
    t = std::clamp(t, startTime(), endTime());
    if (t == m_current)
        return;
    m_current = t;
    updateUi();
    emit currentTimeChanged(t);
    if (const auto p = interpolate(m_track, t))
        emit positionChanged(*p);
}

void ReplayBar::setSpeed(int factor)
{
    m_speed = std::max(1, factor);
    const int index = m_speedBox->findData(m_speed);
    if (index >= 0 && index != m_speedBox->currentIndex())
        m_speedBox->setCurrentIndex(index);
}

void ReplayBar::setPlaying(bool playing)
{
    if (playing && !hasTrack())
        playing = false;
    if (playing == isPlaying()) {
        updateUi();
        return;
    }
    if (playing) {
        if (m_current >= endTime())
            setCurrentTime(startTime()); // play again from the start
        m_wall.start();
        m_timer.start();
    } else {
        m_timer.stop();
    }
    updateUi();
    emit playingChanged(playing);
}

void ReplayBar::tick()
{
    advance(m_wall.restart());
}

void ReplayBar::advance(qint64 wallMs)
{
    if (!hasTrack())
        return;
    setCurrentTime(m_current + wallMs * m_speed);
    if (m_current >= endTime())
        setPlaying(false);
}

std::optional<Position> ReplayBar::interpolate(const QList<Position> &track, TimeMs t)
{
    if (track.isEmpty())
        return std::nullopt;
    if (t <= track.first().deviceTime)
        return track.first();
    if (t >= track.last().deviceTime)
        return track.last();
    const auto after = std::upper_bound(track.begin(), track.end(), t,
        [](TimeMs v, const Position &p) { return v < p.deviceTime; });
    const Position &b = *after;
    const Position &a = *(after - 1);
    const double span = double(b.deviceTime - a.deviceTime);
    const double f = span > 0 ? double(t - a.deviceTime) / span : 0.0;
    Position p = a;
    p.deviceTime = t;
    p.latitude = a.latitude + (b.latitude - a.latitude) * f;
    double dLon = b.longitude - a.longitude; // the short way round the antimeridian
    if (dLon > 180)
        dLon -= 360;
    else if (dLon < -180)
        dLon += 360;
    p.longitude = a.longitude + dLon * f;
    if (p.longitude >= 180)
        p.longitude -= 360;
    else if (p.longitude < -180)
        p.longitude += 360;
    p.speedKph = a.speedKph + (b.speedKph - a.speedKph) * f;
    p.altitude = a.altitude + (b.altitude - a.altitude) * f;
    const QGeoCoordinate ca(a.latitude, a.longitude);
    const QGeoCoordinate cb(b.latitude, b.longitude);
    if (ca.distanceTo(cb) > 1.0)
        p.course = ca.azimuthTo(cb);
    return p;
}

bool ReplayBar::exportTrack(const QString &path, ExportFormat format, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    TrackExporter exporter(&file, format);
    exporter.begin();
    for (const Position &p : m_track)
        exporter.add(p);
    exporter.end();
    if (!file.flush()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ReplayBar::exportWithDialog()
{
    if (!hasTrack())
        return;
    const QString gpx = tr("GPX track (*.gpx)");
    const QString csv = tr("CSV table (*.csv)");
    QString filter = gpx;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString name = m_track.first().uniqueId + QStringLiteral(".gpx");
    QString path = QFileDialog::getSaveFileName(this, tr("Export track"),
        dir + QLatin1Char('/') + name, gpx + QStringLiteral(";;") + csv, &filter);
    if (path.isEmpty())
        return;
    const bool asCsv = filter == csv || path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    QString error;
    if (!exportTrack(path, asCsv ? ExportFormat::Csv : ExportFormat::Gpx, &error))
        QMessageBox::warning(
            this, tr("Export track"), tr("The track could not be saved: %1").arg(error));
}

void ReplayBar::updateUi()
{
    const bool has = hasTrack();
    m_play->setEnabled(has);
    m_slider->setEnabled(has);
    m_export->setEnabled(has);
    const bool playing = isPlaying();
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setText(playing ? tr("Pause") : tr("Play"));
    {
        const QSignalBlocker block(m_play);
        m_play->setChecked(playing);
    }
    const QSignalBlocker block(m_slider);
    if (!has) {
        m_slider->setRange(0, 0);
        m_time->setText(tr("No track"));
        return;
    }
    m_slider->setRange(0, int((endTime() - startTime()) / kSecond));
    if (!m_slider->isSliderDown())
        m_slider->setValue(int((m_current - startTime()) / kSecond));
    m_time->setText(QLocale().toString(
        toDateTime(m_current).toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

} // namespace fw
