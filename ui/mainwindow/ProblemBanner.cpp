#include "ProblemBanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace fw {

ProblemBanner::ProblemBanner(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("problemBanner"));
    setAccessibleName(tr("Problem banner"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0xc6, 0x28, 0x28));
    pal.setColor(QPalette::WindowText, Qt::white);
    pal.setColor(QPalette::Link, Qt::white);
    setPalette(pal);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_details->setFocusPolicy(Qt::TabFocus);
    connect(m_details, &QLabel::linkActivated, this, &ProblemBanner::detailsRequested);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 3, 8, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_details);
    hide();
    updateText();
}

void ProblemBanner::setProblems(const QStringList &problems)
{
    if (problems == m_problems)
        return;
    m_problems = problems;
    setVisible(!problems.isEmpty());
    updateText();
}

QString ProblemBanner::shownText() const
{
    return m_text->text();
}

void ProblemBanner::updateText()
{
    m_details->setText(QStringLiteral("<a href=\"details\">%1</a>").arg(tr("Details\u2026")));
    const QString all = m_problems.join(QLatin1Char('\n'));
    setToolTip(all);
    setAccessibleDescription(all);
    if (m_problems.isEmpty()) {
        m_text->clear();
        return;
    }
    QString first = m_problems.constFirst();
    first.replace(QLatin1Char('\n'), QLatin1Char(' '));
    const QString more = m_problems.size() > 1
        ? QLatin1String("  ") + tr("(+%n more)", nullptr, int(m_problems.size() - 1))
        : QString();
    const int room = std::max(0, m_text->width() - m_text->fontMetrics().horizontalAdvance(more));
    m_text->setText(m_text->fontMetrics().elidedText(first, Qt::ElideRight, room) + more);
}

void ProblemBanner::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateText();
}

void ProblemBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange)
        updateText();
    QWidget::changeEvent(event);
}

} // namespace fw
