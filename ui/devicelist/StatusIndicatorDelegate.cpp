#include "StatusIndicatorDelegate.h"

#include "DeviceListModel.h"
#include "StatusIndicator.h"

#include <QApplication>
#include <QPainter>

namespace fw {

void StatusIndicatorDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, selection

    const QVariant status = index.data(DeviceListModel::StatusRole);
    if (!status.isValid())
        return;
    const qreal side = std::min<qreal>(option.rect.height() - 4, option.fontMetrics.height());
    QRectF box(0, 0, side, side);
    box.moveCenter(QRectF(option.rect).center());
    paintStatusIndicator(painter, box, ConnectionStatus(status.toInt()));
}

QSize StatusIndicatorDelegate::sizeHint(const QStyleOptionViewItem &option,
                                        const QModelIndex &index) const
{
    Q_UNUSED(index);
    const int side = option.fontMetrics.height();
    return { side + side / 2 + 4, side + 4 };
}

} // namespace fw
