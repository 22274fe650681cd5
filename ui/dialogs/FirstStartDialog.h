#pragma once
// FirstStartDialog: asked once, when no window mode is stored yet (and again when a connection
// to the chosen server fails at start-up): does this computer receive the trackers, or does
// it connect to a FleetWatch server? The ServerConnectionForm does the work (and its "Test
// connection"); OK stores the choice. Only the program's start shows it: tests and scripts that
// build a session, or pass --db or --connect, never see it.

#include <QDialog>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
QT_END_NAMESPACE

namespace fw {

class ServerConnectionForm;

class FirstStartDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FirstStartDialog(QWidget *parent = nullptr);

    ServerConnectionForm *form() const { return m_form; }
    // Why the dialog is back (a failed connection); empty: the first start.
    void setProblem(const QString &text);

public slots:
    void accept() override; // validates, stores the mode and the URL (not the password)

private:
    void validate();

    ServerConnectionForm *m_form;
    QLabel *m_problem;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace fw
