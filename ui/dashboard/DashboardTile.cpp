#include "DashboardTile.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionFocusRect>
#include <QStylePainter>

namespace fw {

namespace {
constexpr int kPadding = 6;
constexpr int kRadius = 6;
constexpr int kLabelLines = 2; // labels wrap to two lines at most (longer ones are elided)
} // namespace

DashboardTile::DashboardTile(QWidget *parent)
    : QAbstractButton(parent)
{
    setCheckable(true);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAttribute(Qt::WA_Hover);
}

void DashboardTile::setColor(const QColor &color)
{
    m_color = color;
    update();
}

void DashboardTile::setIndicator(const QIcon &icon)
{
    m_indicator = icon;
    update();
}

void DashboardTile::setCount(int count)
{
    if (count == m_count)
        return;
    m_count = count;
    updateAccessibleName();
    updateGeometry();
    update();
}

void DashboardTile::setLabel(const QString &label)
{
    m_label = label;
    setText(label); // mnemonic-free text for styles and tests
    updateAccessibleName();
    updateGeometry();
    update();
}

void DashboardTile::setCompact(bool compact)
{
    m_compact = compact;
    updateGeometry();
    update();
}

void DashboardTile::updateAccessibleName()
{
    setAccessibleName(tr("%1: %n device(s)", nullptr, m_count).arg(m_label));
}

QFont DashboardTile::numberFont() const
{
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * (m_compact ? 1.5 : 2.2));
    return f;
}

QFont DashboardTile::labelFont() const
{
    return font();
}

QSize DashboardTile::sizeHint() const
{
    const QFontMetrics number(numberFont());
    const QFontMetrics label(labelFont());
    const int icon = label.height();
    const int numberWidth = number.horizontalAdvance(QLocale().toString(m_count));
    // Wide enough for the label on two lines, never narrower than the number.
    const int labelWidth = label.horizontalAdvance(m_label) / kLabelLines + icon + kPadding;
    const int width = std::max({ numberWidth, labelWidth, label.averageCharWidth() * 8 });
    const int height = number.height() + label.lineSpacing() * kLabelLines;
    return { width + 2 * kPadding + 4, height + 2 * kPadding };
}

QSize DashboardTile::minimumSizeHint() const
{
    // Never narrower than the number or the label's longest word: labels wrap, not cut.
    const QFontMetrics number(numberFont());
    const QFontMetrics label(labelFont());
    int word = 0;
    for (const QString &w : m_label.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        word = std::max(word, label.horizontalAdvance(w));
    const int icon = m_indicator.isNull() ? 0 : label.height() + 2;
    const int width = std::max(number.horizontalAdvance(QLocale().toString(m_count)), word + icon);
    return { width + 2 * kPadding + 6, sizeHint().height() };
}

void DashboardTile::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF frame = QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5);
    QColor fill = pal.color(QPalette::Base);
    if (isChecked() || isDown()) {
        // The selected tile is tinted with its colour and framed thickly.
        QColor tint = m_color;
        tint.setAlphaF(isDown() ? 0.30 : 0.20);
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawRoundedRect(frame, kRadius, kRadius);
        fill = tint;
    } else if (underMouse()) {
        fill = pal.color(QPalette::AlternateBase);
    }
    p.setBrush(fill);
    QPen border(isChecked() ? m_color : pal.color(QPalette::Mid), isChecked() ? 3.0 : 1.0);
    p.setPen(border);
    p.drawRoundedRect(frame, kRadius, kRadius);
    if (!isChecked()) {
        // A stripe of the status colour on the left, so unselected tiles still read by colour.
        QPainterPath stripe;
        stripe.addRoundedRect(QRectF(frame.left(), frame.top(), 5, frame.height()), 2, 2);
        p.fillPath(stripe, m_color);
    }

    const QRect content = rect().adjusted(kPadding + 5, kPadding, -kPadding, -kPadding);
    p.setFont(numberFont());
    const QFontMetrics number(numberFont());
    p.setPen(m_color.lightnessF() > 0.45 && pal.color(QPalette::Base).lightnessF() > 0.5
            ? m_color.darker(130)
            : m_color);
    QRect numberRect(content.left(), content.top(), content.width(), number.height());
    p.drawText(numberRect, Qt::AlignLeft | Qt::AlignVCenter, QLocale().toString(m_count));

    const QFontMetrics label(labelFont());
    p.setFont(labelFont());
    p.setPen(pal.color(QPalette::WindowText));
    const int icon = label.height() - 2;
    QRect labelRect(content.left(), numberRect.bottom() + 1, content.width(),
        content.bottom() - numberRect.bottom());
    if (!m_indicator.isNull()) {
        m_indicator.paint(&p, QRect(labelRect.left(), labelRect.top() + 1, icon, icon));
        labelRect.setLeft(labelRect.left() + icon + 4);
    }
    // Wrap, and elide the last line when even two lines are not enough.
    QString text = m_label;
    const int lineHeight = label.lineSpacing();
    const int maxLines = std::max(1, labelRect.height() / lineHeight);
    const QRect needed = label.boundingRect(labelRect, Qt::TextWordWrap, text);
    if (needed.height() > maxLines * lineHeight) {
        while (text.size() > 1
            && label.boundingRect(labelRect, Qt::TextWordWrap, text + QChar(0x2026)).height()
                > maxLines * lineHeight)
            text.chop(1);
        text += QChar(0x2026);
    }
    p.drawText(labelRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);

    if (hasFocus()) {
        QStyleOptionFocusRect option;
        option.initFrom(this);
        option.rect = rect().adjusted(3, 3, -3, -3);
        option.backgroundColor = fill;
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &option, &p, this);
    }
}

void DashboardTile::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LocaleChange)
        updateGeometry();
    QAbstractButton::changeEvent(event);
}

} // namespace fw
