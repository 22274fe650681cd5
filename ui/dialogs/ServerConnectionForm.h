#pragma once
// ServerConnectionForm: the choice between the two ways a window runs, shared by the first-start
// dialog and the Settings page: "this computer receives the trackers" (the embedded node, as
// before) or "connect to a FleetWatch server" (a PostgreSQL URL; no listeners). "Test
// connection" runs the core ConnectionCheck on a worker and shows its sentence. The URL is kept
// in QSettings without its password; the password goes to the keychain through the caller
// (enteredPassword()), never to the settings file.
//
// Keys: window/mode ("receive" | "connect"; absent: not chosen yet), server/url.

#include "remote/ConnectionCheck.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
QT_END_NAMESPACE

namespace fw {

class ServerConnectionForm : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { Unset, Receive, Connect };
    static inline const QString kModeKey = QStringLiteral("window/mode");
    static inline const QString kServerUrlKey = QStringLiteral("server/url");
    static Mode storedMode(); // from QSettings
    static QString storedServerUrl(); // without a password

    explicit ServerConnectionForm(QWidget *parent = nullptr);

    void load(); // from QSettings (Receive when nothing is stored)
    void save() const; // to QSettings
    Mode mode() const;
    void setMode(Mode mode);
    QString serverUrl() const; // as typed, without a password
    QString enteredPassword() const; // typed, or in the URL; empty: keep the stored one
    // The keychain's password, used by "Test connection" when none is typed.
    void setStoredPassword(const QString &password);
    QString validationError() const; // empty when fine
    QString lastResultText() const; // what the last test said
    bool isTesting() const { return m_testing; }

public slots:
    void testConnection();

signals:
    void edited();
    void tested(const fw::ConnectionCheck::Result &result);

private:
    void updateEnabled();
    void showResult(const ConnectionCheck::Result &result);

    QRadioButton *m_receive;
    QRadioButton *m_connect;
    QLineEdit *m_url;
    QLineEdit *m_password;
    QPushButton *m_test;
    QLabel *m_result;
    QString m_storedPassword;
    bool m_testing = false;
};

} // namespace fw
