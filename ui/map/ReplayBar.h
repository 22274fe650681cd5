#pragma once
// ReplayBar: plays a stored track back in time (play/pause, 1x/10x/60x/600x, a time slider and
// the current time) and says where the device was at each moment, interpolated between fixes,
// so the map can move a replay marker. Also exports the track as GPX or CSV.

#include "domain/Position.h"
#include "export/TrackExporter.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace fw {

class ReplayBar : public QWidget
{
    Q_OBJECT
public:
    explicit ReplayBar(QWidget *parent = nullptr);

    void setTrack(const QList<Position> &track); // oldest first; rewinds to the start
    void clear();
    const QList<Position> &track() const { return m_track; }
    bool hasTrack() const { return m_track.size() >= 1; }
    TimeMs startTime() const;
    TimeMs endTime() const;
    TimeMs currentTime() const { return m_current; }
    void setCurrentTime(TimeMs t); // clamped to the track
    bool isPlaying() const { return m_timer.isActive(); }
    int speed() const { return m_speed; }
    void setSpeed(int factor); // 1, 10, 60 or 600
    void advance(qint64 wallMs); // moves replay time by wallMs * speed (the timer calls it)

    // The position at time t: linear between the two fixes around it (course along the
    // segment), the first/last fix outside the track, nullopt for an empty track.
    static std::optional<Position> interpolate(const QList<Position> &track, TimeMs t);
    bool exportTrack(const QString &path, ExportFormat format, QString *error = nullptr) const;

    QToolButton *playButton() const { return m_play; }
    QComboBox *speedBox() const { return m_speedBox; }
    QSlider *slider() const { return m_slider; }
    QLabel *timeLabel() const { return m_time; }

public slots:
    void setPlaying(bool playing);
    void exportWithDialog();

signals:
    void positionChanged(const fw::Position &position);
    void currentTimeChanged(qint64 t);
    void playingChanged(bool playing);

private:
    void updateUi();
    void tick();

    QList<Position> m_track;
    TimeMs m_current = kNoTime;
    int m_speed = 60;
    QTimer m_timer;
    QElapsedTimer m_wall;
    QToolButton *m_play = nullptr;
    QComboBox *m_speedBox = nullptr;
    QSlider *m_slider = nullptr;
    QLabel *m_time = nullptr;
    QToolButton *m_export = nullptr;
};

} // namespace fw
