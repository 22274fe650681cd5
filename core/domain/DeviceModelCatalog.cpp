#include "DeviceModelCatalog.h"

namespace fw {

quint16 defaultPortForProtocol(QStringView protocol)
{
    struct PortEntry
    {
        const char16_t *name;
        quint16 port;
    };
    static constexpr PortEntry kPorts[] = {
        { u"gps103", 5001 }, { u"tk103", 5002 },  { u"gt06", 5023 },  { u"h02", 5013 },
        { u"jt808", 5015 },  { u"teltonika", 5027 }, { u"osmand", 5055 }, { u"watch", 5093 },
        { u"wialon", 5039 },  { u"xexun", 5006 },  { u"tlt2h", 5030 },  { u"meitrack", 5020 },
        { u"eelink", 5064 },  { u"suntech", 5011 },
        { u"gl200", 5004 },  { u"castel", 5086 },  { u"t800x", 5094 },
        { u"ruptela", 5046 }, { u"galileo", 5034 },
        { u"nmea", 10110 },  { u"aprs", 14580 },
    };
    for (const PortEntry &e : kPorts) {
        if (protocol == QStringView(e.name))
            return e.port;
    }
    return 0;
}

namespace {
DeviceModel model(const char *name, const char *vendor, const char *protocol, bool autoActivation,
                  const char *configSms, const char *defaultPassword = "",
                  const char *connectSms = "")
{
    DeviceModel m;
    m.name = QString::fromUtf8(name);
    m.vendor = QString::fromUtf8(vendor);
    m.protocol = QString::fromLatin1(protocol);
    m.defaultPort = defaultPortForProtocol(m.protocol);
    m.autoActivation = autoActivation;
    m.configSmsTemplate = QString::fromUtf8(configSms);
    m.defaultPassword = QString::fromUtf8(defaultPassword);
    m.connectSmsTemplate = QString::fromUtf8(connectSms);
    return m;
}
} // namespace

DeviceModelCatalog::DeviceModelCatalog()
    : DeviceModelCatalog(QList<DeviceModel> {
        model("Traccar Client", "Traccar", "osmand", true, ""),
        model("OsmAnd", "OsmAnd", "osmand", true, ""),
        model("Concox GT06N", "Concox", "gt06", true, "SERVER,{password},0,{host},{port},0#",
              "666666"),
        model("Concox GT800", "Concox", "gt06", true, "SERVER,{password},0,{host},{port},0#",
              "666666"),
        model("Concox JM-VL01", "Jimi IoT", "gt06", true, "SERVER,1,{host},{port},0#"),
        model("Teltonika FMB920", "Teltonika", "teltonika", true,
              "  setparam 2004:{host};2005:{port};2006:0"),
        model("Teltonika FMB140", "Teltonika", "teltonika", false, ""),
        model("Teltonika FMC130", "Teltonika", "teltonika", true,
              "  setparam 2004:{host};2005:{port};2006:0"),
        model("SinoTrack ST-901", "SinoTrack", "h02", true, "804{password} {host} {port}",
              "0000"),
        model("H02 generic", "", "h02", true, "IP{password},{host},{port}#", "0000"),
        model("Coban GPS103-A", "Coban", "gps103", true, "adminip{password} {host} {port}",
              "123456"),
        model("Coban TK103-2B", "Coban", "gps103", true, "adminip{password} {host} {port}",
              "123456"),
        model("TK103 bracket clone", "", "tk103", true, ""),
        model("Wialon IPS device", "", "wialon", true, ""),
        model("Xexun TK102", "Xexun", "xexun", true, ""),
        model("TLT-2H / MT600", "", "tlt2h", true, ""),
        model("Meitrack T366", "Meitrack", "meitrack", true, ""),
        model("Eelink TK116", "Eelink", "eelink", true, ""),
        model("Suntech ST300", "Suntech", "suntech", true, ""),
        model("Queclink GL300", "Queclink", "gl200", true, ""),
        model("Castel IDD-213", "Castel", "castel", true, ""),
        model("TLW1-4 / T800x", "", "t800x", true, ""),
        model("Ruptela FM-Eco4", "Ruptela", "ruptela", true, ""),
        model("Galileosky 7.0", "Galileosky", "galileo", true, ""),
        model("SeTracker 3G watch", "Wonlex", "watch", true,
              "pw,{password},ip,{host},{port}#", "123456"),
        model("JT808 generic", "", "jt808", false, ""),
        model("NMEA over TCP", "", "nmea", false, ""),
        model("LoRa APRS tracker", "", "aprs", true, ""),
        model("Cloud-on-request tracker", "", "gt06", true, "", "1234",
              "CONNECT,PWD={password}#"),
    })
{
}

DeviceModelCatalog::DeviceModelCatalog(QList<DeviceModel> models)
    : m_models(std::move(models))
{
}

const DeviceModel *DeviceModelCatalog::find(QStringView name) const
{
    for (const DeviceModel &m : m_models) {
        if (QStringView(m.name).compare(name, Qt::CaseInsensitive) == 0)
            return &m;
    }
    return nullptr;
}

bool DeviceModelCatalog::autoActivation(QStringView modelName) const
{
    const DeviceModel *m = modelName.isEmpty() ? nullptr : find(modelName);
    return m ? m->autoActivation : true;
}

QString DeviceModelCatalog::fillTemplate(QString smsTemplate, const QString &host, quint16 port,
                                         const QString &password, const QString &apn)
{
    smsTemplate.replace(QLatin1String("{host}"), host);
    smsTemplate.replace(QLatin1String("{port}"), QString::number(port));
    smsTemplate.replace(QLatin1String("{password}"), password);
    smsTemplate.replace(QLatin1String("{apn}"), apn);
    return smsTemplate;
}

} // namespace fw
