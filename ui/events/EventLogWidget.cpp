#include "EventLogWidget.h"

#include "EventLogModel.h"

#include <QAction>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace fw {

EventLogWidget::EventLogWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventLogModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filterEdit(new QLineEdit(this))
    , m_view(new QTableView(this))
{
    setObjectName(u"EventLogWidget"_s);
    setAccessibleName(tr("Event log"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any column

    m_filterEdit->setPlaceholderText(tr("Filter events"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setAccessibleName(tr("Event filter"));
    m_filterEdit->setObjectName(u"eventFilter"_s);
    auto *findAction = new QAction(this);
    findAction->setShortcut(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findAction, &QAction::triggered, m_filterEdit, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    addAction(findAction);

    m_view->setModel(m_proxy);
    m_view->setObjectName(u"eventView"_s);
    m_view->setAccessibleName(tr("Events"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(
        EventLogModel::TimeColumn, QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filterEdit);
    layout->addWidget(m_view, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, this, &EventLogWidget::setFilterText);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit deviceActivated(index.data(EventLogModel::DeviceIdRole).toString());
    });
}

void EventLogWidget::appendEvents(const QList<DeviceEvent> &events)
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum();
    m_model->appendEvents(events);
    if (atBottom)
        m_view->scrollToBottom();
}

void EventLogWidget::setFilterText(const QString &text)
{
    if (m_filterEdit->text() != text)
        m_filterEdit->setText(text); // comes back through textChanged
    else
        m_proxy->setFilterFixedString(text);
}

} // namespace fw
