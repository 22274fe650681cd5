#pragma once
// RawConsoleWidget: the live raw console: every frame from every port with what became of it,
// so an operator sees the exact bytes a tracker sent and why they were or were not accepted.
// It polls the thread-safe RawLog on a timer (only while shown and not paused) through a
// RawFrameModel; filters, copy, save and hex/text live here, decoding never does.

#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QTimer;
class QToolButton;
QT_END_NAMESPACE

namespace fw {

class RawLog;
class RawFrameModel;

class RawConsoleWidget : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kPollIntervalMs = 250;

    explicit RawConsoleWidget(QWidget *parent = nullptr);
    ~RawConsoleWidget() override;

    void setRawLog(const RawLog *log);
    RawFrameModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    // Shows only this device (empty = every device), e.g. from "Show in raw console".
    void setDeviceFilter(const QString &uniqueId);
    void setPortFilter(quint16 port); // 0 = any

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);

    // Selected rows (or the current one) as tab-separated lines with a header line.
    QString selectedRowsText() const;
    QString visibleRowsText() const;
    void copySelection() const;
    // Writes the visible rows; returns an empty string or the error.
    QString saveVisibleRows(const QString &path) const;

public slots:
    void refresh(); // one poll now
    void clearView();
    void saveVisibleRowsAs(); // asks for a file name

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void applyFilter();
    void updateTimer();
    void updateCounts();

    RawFrameModel *m_model;
    QTableView *m_view;
    QLineEdit *m_deviceEdit;
    QSpinBox *m_portSpin;
    QComboBox *m_outcomeCombo;
    QCheckBox *m_hexCheck;
    QToolButton *m_pauseButton;
    QLabel *m_countLabel;
    QTimer *m_timer;
    bool m_paused = false;
};

} // namespace fw
