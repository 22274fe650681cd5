#pragma once
// SettingsDialog: the settings an operator changes from the window. Two kinds, kept apart:
// this computer's settings (which protocols listen on which ports, the database, the language,
// notifications, SMS sending), read from and written to QSettings (keys below), announced by
// settingsChanged(); and the fleet settings every node and window on one database share (GPS
// freshness, default offline timeout, retention), which the dialog is handed with
// setFleetSettings() and hands back with fleetSettingsChanged() only when the operator changed
// them: the database is their one source of truth, never the local settings file.
//
// Keys: ingest/<protocol>/enabled (bool), ingest/<protocol>/port (int),
//       database/url ("" = default SQLite file, "sqlite:PATH", "postgresql://..."),
//       ui/language ("" = system, "en", "ru"), notifications/enabled, notifications/sound,
//       smtp/* (EmailSettingsPage), window/mode and server/url (ServerConnectionForm).

#include "fleet/FleetSettings.h"

#include <QDialog>
#include <QHash>
#include <QList>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
QT_END_NAMESPACE

namespace fw {

class EmailSettingsPage;
class ServerConnectionForm;
class ProtocolRegistry;

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    static QString enabledKey(const QString &protocol); // "ingest/gt06/enabled"
    static QString portKey(const QString &protocol); // "ingest/gt06/port"
    static inline const QString kDatabaseUrlKey = QStringLiteral("database/url");
    static inline const QString kLanguageKey = QStringLiteral("ui/language");
    static inline const QString kGeocoderUrlKey = QStringLiteral("reports/geocoderUrl");
    static inline const QString kNotificationsKey = QStringLiteral("notifications/enabled");
    static inline const QString kSoundKey = QStringLiteral("notifications/sound");

    enum Page {
        PortsPage,
        StatusPage,
        DatabasePage,
        LanguagePage,
        NotificationsPage,
        SmsPage,
        EmailPage,
        ModePage, // this computer receives the trackers, or connect to a FleetWatch server
    };

    // registry may be null (no ports page rows); it must outlive the dialog.
    explicit SettingsDialog(const ProtocolRegistry *registry, QWidget *parent = nullptr);

    void load(); // from QSettings (done by the constructor)
    void save() const; // to QSettings
    // The fleet settings shown on the status page (from the database).
    void setFleetSettings(const FleetSettings &settings);
    FleetSettings fleetSettings() const; // as the form shows them
    bool fleetSettingsEdited() const; // differ from what setFleetSettings() gave
    // Why this login may not change the shared fleet settings (empty: it may): their fields
    // are read-only with the reason as tooltip.
    void setFleetSettingsRefused(const QString &reason);
    // Passwords typed into the database and SMS gateway URLs and the mail server's (key ->
    // secret); save() keeps the URLs without them.
    QHash<QString, QString> enteredSecrets() const;
    void showPage(Page page);
    ServerConnectionForm *serverForm() const { return m_server; }
    // The keychain's server password, for "Test connection" when none is typed.
    void setStoredServerPassword(const QString &password);

    bool isValid() const { return m_error.isEmpty(); }
    QString validationError() const { return m_error; }

public slots:
    void accept() override; // validates, saves, emits settingsChanged()

signals:
    void settingsChanged();
    void fleetSettingsChanged(const fw::FleetSettings &settings);
    // Emitted before settingsChanged(), so the new secrets are in place when settings apply.
    void secretsEntered(const QHash<QString, QString> &secrets);

private:
    struct PortRow
    {
        QString protocol;
        quint16 defaultPort = 0;
        QCheckBox *enabled = nullptr;
        QSpinBox *port = nullptr;
    };

    QWidget *createPortsPage();
    QWidget *createStatusPage();
    QWidget *createDatabasePage();
    QWidget *createLanguagePage();
    QWidget *createNotificationsPage();
    QWidget *createSmsPage();
    QString databaseUrl() const;

    FleetSettings m_fleetSettings; // as given; the form may differ
    QWidget *durationEditor(
        const QString &name, QSpinBox **minutes, QSpinBox **seconds, int maxMinutes);
    void validate();
    void chooseSqliteFile();

    const ProtocolRegistry *m_registry;
    QString m_error;
    QList<PortRow> m_ports;

    QListWidget *m_pageList;
    QStackedWidget *m_pages;
    QTableWidget *m_portsTable = nullptr;
    QSpinBox *m_freshnessMin = nullptr;
    QSpinBox *m_freshnessSec = nullptr;
    QSpinBox *m_offlineMin = nullptr;
    QSpinBox *m_offlineSec = nullptr;
    QSpinBox *m_retentionDays = nullptr;
    QRadioButton *m_sqliteRadio = nullptr;
    QRadioButton *m_postgresRadio = nullptr;
    QLineEdit *m_sqlitePathEdit = nullptr;
    QLineEdit *m_postgresUrlEdit = nullptr;
    QLineEdit *m_postgresPassword = nullptr; // empty: keep the stored one
    QComboBox *m_languageCombo = nullptr;
    QLineEdit *m_geocoderUrl = nullptr; // reports/geocoderUrl
    QComboBox *m_smsKind = nullptr; // sms/gateway: "", "http", "modem", "node"
    QLineEdit *m_smsUrl = nullptr; // sms/url with {phone} and {text}
    QLineEdit *m_smsPassword = nullptr; // empty: keep the stored one
    QComboBox *m_smsMethod = nullptr; // sms/method: get, post
    QLineEdit *m_smsPort = nullptr; // sms/port: serial port of the GSM modem
    QSpinBox *m_smsBaud = nullptr; // sms/baud
    QCheckBox *m_notificationsCheck = nullptr;
    QCheckBox *m_soundCheck = nullptr;
    EmailSettingsPage *m_email = nullptr;
    ServerConnectionForm *m_server = nullptr;
    QLabel *m_errorLabel;
    QDialogButtonBox *m_buttons;
};

} // namespace fw
