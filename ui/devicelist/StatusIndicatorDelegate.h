#pragma once
// StatusIndicatorDelegate: draws the status column of the device list as the painted indicator
// (see StatusIndicator.h) instead of text, sized from the font so it follows DPI and zoom.
// The cell still carries the status title for accessibility and export.

#include <QStyledItemDelegate>

namespace fw {

class StatusIndicatorDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace fw
