#include "FirstStartDialog.h"

#include "ServerConnectionForm.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace fw {

FirstStartDialog::FirstStartDialog(QWidget *parent)
    : QDialog(parent)
    , m_form(new ServerConnectionForm(this))
    , m_problem(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"FirstStartDialog"_s);
    setWindowTitle(tr("Welcome to FleetWatch"));
    auto *intro = new QLabel(tr("How does this computer take part in watching the fleet? "
                                "You can change this later in Settings."),
        this);
    intro->setWordWrap(true);
    QPalette red = m_error->palette();
    red.setColor(QPalette::WindowText, QColor(0xd3, 0x3b, 0x2f));
    for (QLabel *l : { m_problem, m_error }) {
        l->setWordWrap(true);
        l->setPalette(red);
        l->hide();
    }
    m_problem->setObjectName(u"problemLabel"_s);
    m_error->setObjectName(u"errorLabel"_s);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("&Quit"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_problem);
    layout->addWidget(m_form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FirstStartDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FirstStartDialog::reject);
    connect(m_form, &ServerConnectionForm::edited, this, &FirstStartDialog::validate);
    m_form->load();
    validate();
    resize(560, sizeHint().height());
}

void FirstStartDialog::setProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void FirstStartDialog::validate()
{
    const QString error = m_form->validationError();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

void FirstStartDialog::accept()
{
    validate();
    if (!m_form->validationError().isEmpty())
        return;
    m_form->save();
    QDialog::accept();
}

} // namespace fw
