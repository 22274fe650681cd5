#pragma once
// DashboardTile: one count of the dashboard, readable from across the room: a large number in
// the status colour with its label under it. It is a checkable button, so the tile that filters
// the device list is marked (tinted and framed in its colour), keyboard focus is drawn, and the
// tiles of one group move focus with the arrow keys like radio buttons.

#include <QAbstractButton>
#include <QColor>
#include <QIcon>

namespace fw {

class DashboardTile : public QAbstractButton
{
    Q_OBJECT
public:
    explicit DashboardTile(QWidget *parent = nullptr);

    void setColor(const QColor &color);
    void setIndicator(const QIcon &icon); // the status indicator beside the label
    void setCount(int count);
    void setLabel(const QString &label);
    int count() const { return m_count; }
    QString label() const { return m_label; }
    // Smaller number for secondary tiles (the parts of "Not activated").
    void setCompact(bool compact);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QFont numberFont() const;
    QFont labelFont() const;
    void updateAccessibleName();

    QColor m_color;
    QIcon m_indicator;
    QString m_label;
    int m_count = 0;
    bool m_compact = false;
};

} // namespace fw
