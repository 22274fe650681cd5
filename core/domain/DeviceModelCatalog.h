#pragma once
// DeviceModelCatalog: what FleetWatch knows about tracker models: which protocol they speak,
// which port they must be pointed at, whether they start sending by themselves once registered
// (status rule 2), and the SMS that configures the server address. Used by the status engine,
// the registration dialog, the not-activated help and the command catalogue.

#include <QList>
#include <QString>

namespace fw {

struct DeviceModel
{
    QString name; // unique, e.g. "Concox GT06N"
    QString vendor;
    QString protocol; // decoder name
    quint16 defaultPort = 0;
    bool autoActivation = true;
    // Configuration SMS with placeholders {host}, {port}, {password}, {apn}; empty when the
    // model can only be configured with the vendor's tool.
    QString configSmsTemplate;
    // Password the model ships with, used when a device has none of its own.
    QString defaultPassword;
    // SMS asking a device without a permanent connection to connect now (empty = none).
    QString connectSmsTemplate;
};

class DeviceModelCatalog
{
public:
    DeviceModelCatalog(); // the built-in list
    explicit DeviceModelCatalog(QList<DeviceModel> models);

    const QList<DeviceModel> &models() const { return m_models; }
    const DeviceModel *find(QStringView name) const; // case-insensitive
    bool autoActivation(QStringView modelName) const; // unknown or empty model: true

    static QString fillTemplate(QString smsTemplate, const QString &host, quint16 port,
                                const QString &password, const QString &apn = {});

private:
    QList<DeviceModel> m_models;
};

// Conventional listening port per protocol (the same table the listeners use).
quint16 defaultPortForProtocol(QStringView protocol);

} // namespace fw
