<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>QObject</name>
    <message>
        <source>FleetWatch</source>
        <translation>FleetWatch</translation>
    </message>
    <message>
        <source>FleetWatch cannot start: %1</source>
        <translation>Не удаётся запустить FleetWatch: %1</translation>
    </message>
    <message>
        <source>FleetWatch could not connect: %1</source>
        <translation>FleetWatch не удалось подключиться: %1</translation>
    </message>
</context>
<context>
    <name>fw::AboutDialog</name>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>release (no build type set)</source>
        <translation>выпуск (тип сборки не задан)</translation>
    </message>
    <message>
        <source>debug (no build type set)</source>
        <translation>отладка (тип сборки не задан)</translation>
    </message>
    <message>
        <source>FleetWatch version</source>
        <translation>Версия FleetWatch</translation>
    </message>
    <message>
        <source>Built with Qt</source>
        <translation>Собрано с Qt</translation>
    </message>
    <message>
        <source>Running on Qt</source>
        <translation>Работает на Qt</translation>
    </message>
    <message>
        <source>Qt libraries</source>
        <translation>Библиотеки Qt</translation>
    </message>
    <message>
        <source>static</source>
        <translation>статические</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>разделяемые</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>Компилятор</translation>
    </message>
    <message>
        <source>Build type</source>
        <translation>Тип сборки</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Архитектура</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>Операционная система</translation>
    </message>
    <message>
        <source>About FleetWatch</source>
        <translation>О программе FleetWatch</translation>
    </message>
    <message>
        <source>&lt;h2&gt;FleetWatch&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;FleetWatch&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Версия %1</translation>
    </message>
    <message>
        <source>&lt;p&gt;FleetWatch is a desktop fleet monitor for GPS trackers: it answers the trackers, stores what they report and shows why a device is not online.&lt;/p&gt;&lt;p&gt;Copyright © FleetWatch developers. FleetWatch is free software under the MIT licence; binary packages include Qt, used under the LGPLv3 and, for Qt Charts, the GPLv3.&lt;/p&gt;&lt;p&gt;Map data © OpenStreetMap contributors (ODbL) where OpenStreetMap tiles are shown. Country outlines: Natural Earth (public domain).&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;FleetWatch — настольная программа для мониторинга автопарка по GPS-трекерам: она отвечает трекерам, сохраняет переданные ими данные и показывает, почему устройство не на связи.&lt;/p&gt;&lt;p&gt;Copyright © Разработчики FleetWatch. FleetWatch — свободное программное обеспечение под лицензией MIT; двоичные пакеты включают Qt, используемую на условиях LGPLv3, а для Qt Charts — GPLv3.&lt;/p&gt;&lt;p&gt;Картографические данные © участники OpenStreetMap (ODbL), если показаны тайлы OpenStreetMap. Контуры стран: Natural Earth (общественное достояние).&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;О программе</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>&amp;Copy build information</source>
        <translation>&amp;Копировать сведения о сборке</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>С&amp;борка</translation>
    </message>
    <message>
        <source>&amp;Third-party notices</source>
        <translation>&amp;Сторонние компоненты</translation>
    </message>
    <message>
        <source>&amp;Licence</source>
        <translation>&amp;Лицензия</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The third-party notices are missing from this build.</source>
        <translation>В этой сборке отсутствуют сведения о сторонних компонентах.</translation>
    </message>
    <message>
        <source>The licence text is missing from this build.</source>
        <translation>В этой сборке отсутствует текст лицензии.</translation>
    </message>
</context>
<context>
    <name>fw::AccessController</name>
    <message>
        <source>This login (%1) may not change devices on this FleetWatch server</source>
        <translation>Этому логину (%1) нельзя изменять устройства на этом сервере FleetWatch</translation>
    </message>
    <message>
        <source>This login (%1) may not send commands on this FleetWatch server</source>
        <translation>Этому логину (%1) нельзя отправлять команды на этом сервере FleetWatch</translation>
    </message>
    <message>
        <source>This login (%1) may not change geofences on this FleetWatch server</source>
        <translation>Этому логину (%1) нельзя изменять геозоны на этом сервере FleetWatch</translation>
    </message>
    <message>
        <source>This login (%1) may not change alert rules on this FleetWatch server</source>
        <translation>Этому логину (%1) нельзя изменять правила оповещений на этом сервере FleetWatch</translation>
    </message>
    <message>
        <source>This login (%1) may not acknowledge alerts on this FleetWatch server</source>
        <translation>Этому логину (%1) нельзя подтверждать оповещения на этом сервере FleetWatch</translation>
    </message>
    <message>
        <source>This login (%1) may not change the fleet settings of this FleetWatch server</source>
        <translation>Этому логину (%1) нельзя изменять настройки автопарка на этом сервере FleetWatch</translation>
    </message>
</context>
<context>
    <name>fw::AlertListModel</name>
    <message>
        <source>Open</source>
        <translation>Открыто</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2</source>
        <translation>Подтверждено: %1, %2</translation>
    </message>
    <message>
        <source>%1
Note: %2</source>
        <translation>%1
Примечание: %2</translation>
    </message>
    <message>
        <source>%1
(rule &quot;%2&quot;)</source>
        <translation>%1
(правило «%2»)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Оповещение</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Подтверждено</translation>
    </message>
</context>
<context>
    <name>fw::AlertsPanel</name>
    <message>
        <source>Alerts</source>
        <translation>Оповещения</translation>
    </message>
    <message>
        <source>Alert summary</source>
        <translation>Сводка оповещений</translation>
    </message>
    <message>
        <source>&amp;Open only</source>
        <translation>Только &amp;открытые</translation>
    </message>
    <message>
        <source>Hide the alerts someone has acknowledged</source>
        <translation>Скрыть оповещения, которые кто-либо уже подтвердил</translation>
    </message>
    <message>
        <source>&amp;Tray message</source>
        <translation>Сообщение в &amp;трее</translation>
    </message>
    <message>
        <source>Show a desktop message when a new alert arrives</source>
        <translation>Показывать сообщение на рабочем столе при поступлении нового оповещения</translation>
    </message>
    <message>
        <source>So&amp;und</source>
        <translation>&amp;Звук</translation>
    </message>
    <message>
        <source>Beep when a new alert arrives</source>
        <translation>Подавать звуковой сигнал при поступлении нового оповещения</translation>
    </message>
    <message>
        <source>&amp;Acknowledge...</source>
        <translation>&amp;Подтвердить...</translation>
    </message>
    <message>
        <source>Record that you have dealt with the selected alert (Ctrl+Shift+K)</source>
        <translation>Отметить, что выбранное оповещение обработано (Ctrl+Shift+K)</translation>
    </message>
    <message>
        <source>Alert list</source>
        <translation>Список оповещений</translation>
    </message>
    <message>
        <source>Acknowledge alert</source>
        <translation>Подтверждение оповещения</translation>
    </message>
    <message>
        <source>Note for alert %1 (what was done, optional):</source>
        <translation>Примечание к оповещению %1 (что сделано, необязательно):</translation>
    </message>
    <message>
        <source>No open alerts</source>
        <translation>Нет открытых оповещений</translation>
    </message>
    <message numerus="yes">
        <source>%n open alert(s)</source>
        <translation>
            <numerusform>%n открытое оповещение</numerusform>
            <numerusform>%n открытых оповещения</numerusform>
            <numerusform>%n открытых оповещений</numerusform>
        </translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation>Оповещения (%1)</translation>
    </message>
</context>
<context>
    <name>fw::BlockDialog</name>
    <message>
        <source>Until &amp;unblocked by hand</source>
        <translation>До &amp;ручной разблокировки</translation>
    </message>
    <message>
        <source>Un&amp;til:</source>
        <translation>&amp;До:</translation>
    </message>
    <message>
        <source>&amp;UTC</source>
        <translation>&amp;UTC</translation>
    </message>
    <message>
        <source>U&amp;nblock</source>
        <translation>Р&amp;азблокировать</translation>
    </message>
    <message>
        <source>Block Device</source>
        <translation>Блокировка устройства</translation>
    </message>
    <message>
        <source>Block until unblocked by hand</source>
        <translation>Заблокировать до ручной разблокировки</translation>
    </message>
    <message>
        <source>Block until a date and time</source>
        <translation>Заблокировать до указанных даты и времени</translation>
    </message>
    <message>
        <source>End of the block</source>
        <translation>Окончание блокировки</translation>
    </message>
    <message>
        <source>Enter the time in UTC</source>
        <translation>Ввести время в UTC</translation>
    </message>
    <message>
        <source>Enter the end of the block in UTC instead of local time</source>
        <translation>Вводить окончание блокировки в UTC, а не в местном времени</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>&amp;Block</source>
        <translation>За&amp;блокировать</translation>
    </message>
    <message>
        <source>A blocked device&apos;s data is answered but discarded: it is not stored, shown or used for its status, and unblocking does not bring it back.</source>
        <translation>Данные заблокированного устройства принимаются с ответом, но отбрасываются: они не сохраняются, не отображаются и не учитываются в его состоянии, и после разблокировки не восстанавливаются.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 is blocked. Change the block or unblock it.</source>
        <translation>Устройство %1 заблокировано. Измените блокировку или снимите её.</translation>
    </message>
    <message>
        <source>Block %1.</source>
        <translation>Заблокировать устройство %1.</translation>
    </message>
    <message>
        <source>The time is in UTC.</source>
        <translation>Время указано в UTC.</translation>
    </message>
    <message>
        <source>The time is local time (%1, %2).</source>
        <translation>Время указано местное (%1, %2).</translation>
    </message>
    <message>
        <source>No device selected.</source>
        <translation>Устройство не выбрано.</translation>
    </message>
    <message>
        <source>The end of the block is not in the future.</source>
        <translation>Окончание блокировки должно быть в будущем.</translation>
    </message>
    <message>
        <source>No device directory is available.</source>
        <translation>Каталог устройств недоступен.</translation>
    </message>
</context>
<context>
    <name>fw::CommandDialog</name>
    <message>
        <source>Send over &amp;GPRS</source>
        <translation>Отправить по &amp;GPRS</translation>
    </message>
    <message>
        <source>&amp;Show password</source>
        <translation>Показать паро&amp;ль</translation>
    </message>
    <message>
        <source>&amp;Copy SMS text</source>
        <translation>&amp;Копировать текст SMS</translation>
    </message>
    <message>
        <source>Send SMS via &amp;gateway</source>
        <translation>Отправить SMS через &amp;шлюз</translation>
    </message>
    <message>
        <source>&amp;Explain reply</source>
        <translation>&amp;Пояснить ответ</translation>
    </message>
    <message>
        <source>Send Command</source>
        <translation>Отправка команды</translation>
    </message>
    <message>
        <source>Send command</source>
        <translation>Отправить команду</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>Reporting interval in seconds</source>
        <translation>Интервал передачи данных в секундах</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>Server port</source>
        <translation>Порт сервера</translation>
    </message>
    <message>
        <source>Command text</source>
        <translation>Текст команды</translation>
    </message>
    <message>
        <source>Co&amp;mmand:</source>
        <translation>Ко&amp;манда:</translation>
    </message>
    <message>
        <source>&amp;Interval:</source>
        <translation>&amp;Интервал:</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Адрес сервера:</translation>
    </message>
    <message>
        <source>Server &amp;port:</source>
        <translation>П&amp;орт сервера:</translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation>&amp;Текст:</translation>
    </message>
    <message>
        <source>Over the live connection</source>
        <translation>По активному соединению</translation>
    </message>
    <message>
        <source>Live connection state</source>
        <translation>Состояние активного соединения</translation>
    </message>
    <message>
        <source>Send over GPRS</source>
        <translation>Отправить по GPRS</translation>
    </message>
    <message>
        <source>By SMS</source>
        <translation>По SMS</translation>
    </message>
    <message>
        <source>SMS note</source>
        <translation>Примечание к SMS</translation>
    </message>
    <message>
        <source>SMS text</source>
        <translation>Текст SMS</translation>
    </message>
    <message>
        <source>Show the device password</source>
        <translation>Показать пароль устройства</translation>
    </message>
    <message>
        <source>Copy the SMS text</source>
        <translation>Копировать текст SMS</translation>
    </message>
    <message>
        <source>Send the SMS through the gateway</source>
        <translation>Отправить SMS через шлюз</translation>
    </message>
    <message>
        <source>Commands sent and replies</source>
        <translation>Отправленные команды и ответы</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>SMS reply from the device</source>
        <translation>Ответное SMS от устройства</translation>
    </message>
    <message>
        <source>Paste the device&apos;s SMS reply</source>
        <translation>Вставьте ответное SMS устройства</translation>
    </message>
    <message>
        <source>Paste the text the device sent back</source>
        <translation>Вставьте текст, который прислало устройство</translation>
    </message>
    <message>
        <source>Explain the reply</source>
        <translation>Пояснить ответ</translation>
    </message>
    <message>
        <source>What the reply means</source>
        <translation>Что означает ответ</translation>
    </message>
    <message>
        <source>Sent commands:</source>
        <translation>Отправленные команды:</translation>
    </message>
    <message>
        <source>Send Command to %1</source>
        <translation>Отправка команды устройству %1</translation>
    </message>
    <message>
        <source>SMS sent, waiting for the reply</source>
        <translation>SMS отправлено, ожидается ответ</translation>
    </message>
    <message>
        <source>SMS not sent: %1</source>
        <translation>SMS не отправлено: %1</translation>
    </message>
    <message>
        <source>%1 (%2), protocol %3, phone %4</source>
        <translation>%1 (%2), протокол %3, телефон %4</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>не задан</translation>
    </message>
    <message>
        <source>No commands are known for this device&apos;s model or protocol.</source>
        <translation>Для модели или протокола этого устройства команды неизвестны.</translation>
    </message>
    <message>
        <source>The %1 protocol has no wire form of this command: use SMS.</source>
        <translation>В протоколе %1 нет сетевого формата этой команды: используйте SMS.</translation>
    </message>
    <message>
        <source>device&apos;s</source>
        <translation>устройства</translation>
    </message>
    <message>
        <source>The device is not connected now: use SMS (a &quot;connect&quot; request wakes devices that connect only on request).</source>
        <translation>Устройство сейчас не подключено: используйте SMS (запрос «connect» будит устройства, которые подключаются только по запросу).</translation>
    </message>
    <message>
        <source>This window cannot reach the device&apos;s connection.</source>
        <translation>Из этого окна нет доступа к соединению устройства.</translation>
    </message>
    <message>
        <source>The device is connected: the command goes straight to it.</source>
        <translation>Устройство подключено: команда будет отправлена прямо на него.</translation>
    </message>
    <message>
        <source>This command cannot be sent by SMS.</source>
        <translation>Эту команду нельзя отправить по SMS.</translation>
    </message>
    <message>
        <source>Send this text to the tracker&apos;s SIM card (no phone number is set for the device):</source>
        <translation>Отправьте этот текст на SIM-карту трекера (номер телефона устройства не задан):</translation>
    </message>
    <message>
        <source>Send this text to %1:</source>
        <translation>Отправьте этот текст на номер %1:</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>GPRS</source>
        <translation>GPRS</translation>
    </message>
    <message>
        <source>Waiting for the reply</source>
        <translation>Ожидание ответа</translation>
    </message>
    <message>
        <source>Send &quot;%1&quot; to %2 now?</source>
        <translation>Отправить «%1» на устройство %2 сейчас?</translation>
    </message>
    <message>
        <source>Cannot encode the command: %1</source>
        <translation>Не удаётся закодировать команду: %1</translation>
    </message>
    <message>
        <source>The device&apos;s connection is gone: use SMS.</source>
        <translation>Соединение с устройством потеряно: используйте SMS.</translation>
    </message>
    <message>
        <source>Copied. Send it from a phone to the tracker&apos;s SIM card.</source>
        <translation>Скопировано. Отправьте этот текст с телефона на SIM-карту трекера.</translation>
    </message>
    <message>
        <source>Sending SMS...</source>
        <translation>Отправка SMS...</translation>
    </message>
    <message>
        <source>Paste the device&apos;s reply first.</source>
        <translation>Сначала вставьте ответ устройства.</translation>
    </message>
    <message>
        <source>(no command)</source>
        <translation>(нет команды)</translation>
    </message>
    <message>
        <source>Reply to no pending command</source>
        <translation>Ответ без ожидающей команды</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Получен ответ</translation>
    </message>
    <message>
        <source>Answered (by order)</source>
        <translation>Получен ответ (по порядку)</translation>
    </message>
    <message>
        <source>The SMS gateway has no URL set.</source>
        <translation>Для SMS-шлюза не задан URL.</translation>
    </message>
    <message>
        <source>The GSM modem port &quot;%1&quot; cannot be opened: %2</source>
        <translation>Не удаётся открыть порт GSM-модема «%1»: %2</translation>
    </message>
    <message>
        <source>Not sent: the device is not connected</source>
        <translation>Не отправлено: устройство не подключено</translation>
    </message>
    <message>
        <source>Queued for a FleetWatch node with an SMS gateway</source>
        <translation>Ставится в очередь для узла FleetWatch с SMS-шлюзом</translation>
    </message>
    <message>
        <source>Queued for a node&apos;s SMS gateway...</source>
        <translation>В очереди для SMS-шлюза узла...</translation>
    </message>
    <message>
        <source>SMS sent by a node, waiting for the reply</source>
        <translation>SMS отправлено узлом, ожидается ответ</translation>
    </message>
</context>
<context>
    <name>fw::DashboardTile</name>
    <message numerus="yes">
        <source>%1: %n device(s)</source>
        <translation>
            <numerusform>%1: %n устройство</numerusform>
            <numerusform>%1: %n устройства</numerusform>
            <numerusform>%1: %n устройств</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fw::DashboardWidget</name>
    <message>
        <source>&amp;Register a device…</source>
        <translation>&amp;Зарегистрировать устройство…</translation>
    </message>
    <message>
        <source>Start the &amp;demo fleet</source>
        <translation>Запустить &amp;демонстрационный автопарк</translation>
    </message>
    <message>
        <source>Fleet dashboard</source>
        <translation>Сводка по автопарку</translation>
    </message>
    <message>
        <source>Show every device</source>
        <translation>Показать все устройства</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No trackers yet&lt;/h3&gt;&lt;p&gt;Register a tracker with its unique id (usually the IMEI printed on the device or its box) and model. Then point the tracker at this computer&apos;s address and the port of its protocol, usually with a configuration SMS; FleetWatch shows both when you register it.&lt;/p&gt;&lt;p&gt;Just looking around? The demo fleet simulates trackers of every kind, including ones that go offline, lose GPS or never activate.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Трекеров пока нет&lt;/h3&gt;&lt;p&gt;Зарегистрируйте трекер, указав его уникальный ID (обычно это IMEI, напечатанный на устройстве или его коробке) и модель. Затем направьте трекер на адрес этого компьютера и порт его протокола — обычно с помощью SMS с настройками; FleetWatch покажет и то и другое при регистрации.&lt;/p&gt;&lt;p&gt;Просто хотите осмотреться? Демонстрационный автопарк имитирует трекеры всех видов, включая те, что теряют связь, теряют GPS или так и не активируются.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Register a device</source>
        <translation>Зарегистрировать устройство</translation>
    </message>
    <message>
        <source>Start the demo fleet</source>
        <translation>Запустить демонстрационный автопарк</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>Все устройства</translation>
    </message>
    <message>
        <source>Show only: %1</source>
        <translation>Показать только: %1</translation>
    </message>
    <message>
        <source>Just registered</source>
        <translation>Новые</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Нет данных</translation>
    </message>
    <message>
        <source>Needs set-up</source>
        <translation>Нужна настройка</translation>
    </message>
</context>
<context>
    <name>fw::DemoController</name>
    <message>
        <source>%1 on port %2 (port %3 is taken)</source>
        <translation>%1 на порту %2 (порт %3 занят)</translation>
    </message>
</context>
<context>
    <name>fw::DesktopSession</name>
    <message>
        <source>Demo fleet: %1</source>
        <translation>Демо-парк: %1</translation>
    </message>
    <message>
        <source>this desktop</source>
        <translation>этот компьютер</translation>
    </message>
    <message>
        <source>%1 (the server said: %2)</source>
        <translation>%1 (ответ сервера: %2)</translation>
    </message>
    <message>
        <source>Connected to the FleetWatch server %1</source>
        <translation>Подключено к серверу FleetWatch %1</translation>
    </message>
    <message>
        <source>No connection to the FleetWatch server %1: %2; trying again</source>
        <translation>Нет соединения с сервером FleetWatch %1: %2; повторная попытка</translation>
    </message>
</context>
<context>
    <name>fw::DeviceDetailsPanel</name>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Device details</source>
        <translation>Сведения об устройстве</translation>
    </message>
    <message>
        <source>Select a device to see its details.</source>
        <translation>Выберите устройство, чтобы увидеть сведения о нём.</translation>
    </message>
    <message>
        <source>What to check</source>
        <translation>Что проверить</translation>
    </message>
    <message>
        <source>Set up the tracker</source>
        <translation>Настройка трекера</translation>
    </message>
    <message>
        <source>Configuration SMS</source>
        <translation>SMS с настройками</translation>
    </message>
    <message>
        <source>Copy SMS</source>
        <translation>Копировать SMS</translation>
    </message>
    <message>
        <source>Copy configuration SMS</source>
        <translation>Копировать SMS с настройками</translation>
    </message>
    <message>
        <source>Latest position</source>
        <translation>Последняя позиция</translation>
    </message>
    <message>
        <source>Position and attributes</source>
        <translation>Позиция и атрибуты</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Соединение</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Протокол:</translation>
    </message>
    <message>
        <source>Peer address:</source>
        <translation>Удалённый адрес:</translation>
    </message>
    <message>
        <source>Peer port:</source>
        <translation>Удалённый порт:</translation>
    </message>
    <message>
        <source>Server port:</source>
        <translation>Порт сервера:</translation>
    </message>
    <message>
        <source>Last packet:</source>
        <translation>Последний пакет:</translation>
    </message>
    <message>
        <source>Status since:</source>
        <translation>В этом состоянии с:</translation>
    </message>
    <message>
        <source>Last connection ended:</source>
        <translation>Последнее соединение завершено:</translation>
    </message>
    <message>
        <source>Recent status history</source>
        <translation>Недавняя история состояний</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>История состояний</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Speed and altitude</source>
        <translation>Скорость и высота</translation>
    </message>
    <message>
        <source>Speed (km/h)</source>
        <translation>Скорость (км/ч)</translation>
    </message>
    <message>
        <source>Altitude (m)</source>
        <translation>Высота (м)</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>км/ч</translation>
    </message>
    <message>
        <source>m</source>
        <translation>м</translation>
    </message>
    <message>
        <source>Speed and altitude chart</source>
        <translation>График скорости и высоты</translation>
    </message>
    <message>
        <source>No recent track.</source>
        <translation>Недавнего трека нет.</translation>
    </message>
    <message>
        <source>&amp;Troubleshoot…</source>
        <translation>Устранение &amp;неполадок…</translation>
    </message>
    <message>
        <source>Troubleshoot</source>
        <translation>Устранение неполадок</translation>
    </message>
    <message>
        <source>Send &amp;Command…</source>
        <translation>Отправить &amp;команду…</translation>
    </message>
    <message>
        <source>Send command</source>
        <translation>Отправить команду</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>Edit device</source>
        <translation>Изменить устройство</translation>
    </message>
    <message>
        <source>in the future</source>
        <translation>в будущем</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>только что</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n минуту назад</numerusform>
            <numerusform>%n минуты назад</numerusform>
            <numerusform>%n минут назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n час назад</numerusform>
            <numerusform>%n часа назад</numerusform>
            <numerusform>%n часов назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n день назад</numerusform>
            <numerusform>%n дня назад</numerusform>
            <numerusform>%n дней назад</numerusform>
        </translation>
    </message>
    <message>
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1, since %2</source>
        <translation>%1 с %2</translation>
    </message>
    <message>
        <source>What to check:</source>
        <translation>Что проверить:</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>still connected</source>
        <translation>всё ещё подключено</translation>
    </message>
    <message>
        <source>closed by the device</source>
        <translation>закрыто устройством</translation>
    </message>
    <message>
        <source>timed out (the device went silent without closing)</source>
        <translation>закрыто по тайм-ауту (устройство замолчало, не закрыв соединение)</translation>
    </message>
    <message>
        <source>closed by the server</source>
        <translation>закрыто сервером</translation>
    </message>
    <message>
        <source>&lt;server address&gt;</source>
        <translation>&lt;адрес сервера&gt;</translation>
    </message>
    <message>
        <source>Point the tracker at server %1, port %2 (%3).</source>
        <translation>Направьте трекер на сервер %1, порт %2 (%3).</translation>
    </message>
    <message>
        <source>Point the tracker at server %1, on the port of its protocol (the model is not set, so the port is not known).</source>
        <translation>Направьте трекер на сервер %1, на порт его протокола (модель не задана, поэтому порт неизвестен).</translation>
    </message>
    <message>
        <source>Set this server&apos;s public address in the settings to fill it in here.</source>
        <translation>Укажите в настройках публичный адрес этого сервера, чтобы он подставлялся здесь.</translation>
    </message>
    <message>
        <source>Choose the device&apos;s model (Edit) to get its configuration SMS.</source>
        <translation>Выберите модель устройства («Изменить»), чтобы получить SMS с настройками.</translation>
    </message>
    <message>
        <source>Model &quot;%1&quot; is not in the catalogue; use the vendor&apos;s instructions.</source>
        <translation>Модели «%1» нет в каталоге; воспользуйтесь инструкцией производителя.</translation>
    </message>
    <message>
        <source>%1 is configured with the vendor&apos;s tool, not by SMS: enter the server address and port there.</source>
        <translation>%1 настраивается программой производителя, а не по SMS: укажите в ней адрес сервера и порт.</translation>
    </message>
    <message>
        <source>&lt;APN&gt;</source>
        <translation>&lt;APN&gt;</translation>
    </message>
    <message>
        <source>Send this SMS to the tracker&apos;s SIM card%1:</source>
        <translation>Отправьте это SMS на SIM-карту трекера%1:</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>Replace &lt;APN&gt; with the SIM operator&apos;s access point name.</source>
        <translation>Замените &lt;APN&gt; на имя точки доступа оператора SIM-карты.</translation>
    </message>
    <message>
        <source>This model does not start sending by itself.</source>
        <translation>Эта модель не начинает передачу данных сама.</translation>
    </message>
    <message>
        <source>Position time</source>
        <translation>Время позиции</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>Координаты</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Скорость</translation>
    </message>
    <message>
        <source>%1 km/h</source>
        <translation>%1 км/ч</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Курс</translation>
    </message>
    <message>
        <source>%1°</source>
        <translation>%1°</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>Движение</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>в движении</translation>
    </message>
    <message>
        <source>stopped since %1</source>
        <translation>стоит с %1</translation>
    </message>
    <message>
        <source>Last valid fix</source>
        <translation>Последняя достоверная фиксация</translation>
    </message>
    <message>
        <source>Fix received</source>
        <translation>Координаты получены</translation>
    </message>
    <message>
        <source>Valid fix</source>
        <translation>Достоверная фиксация</translation>
    </message>
    <message>
        <source>Altitude</source>
        <translation>Высота</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 м</translation>
    </message>
    <message>
        <source>Satellites</source>
        <translation>Спутники</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Точность</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Тревога</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>%1/%2 LAC %3 cell %4</source>
        <translation>%1/%2 LAC %3 сота %4</translation>
    </message>
    <message numerus="yes">
        <source>%n cell tower(s)</source>
        <translation>
            <numerusform>%n базовая станция</numerusform>
            <numerusform>%n базовые станции</numerusform>
            <numerusform>%n базовых станций</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Wi-Fi access point(s)</source>
        <translation>
            <numerusform>%n точка доступа Wi-Fi</numerusform>
            <numerusform>%n точки доступа Wi-Fi</numerusform>
            <numerusform>%n точек доступа Wi-Fi</numerusform>
        </translation>
    </message>
    <message>
        <source>Cell towers and Wi-Fi</source>
        <translation>Базовые станции и Wi-Fi</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Местоположение</translation>
    </message>
    <message>
        <source>last known fix, not current</source>
        <translation>последняя известная фиксация, не текущая</translation>
    </message>
    <message>
        <source>current</source>
        <translation>текущее</translation>
    </message>
</context>
<context>
    <name>fw::DeviceEditDialog</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2, port %3 to configure)</source>
        <translation>%1 (%2, для настройки порт %3)</translation>
    </message>
    <message>
        <source>Register Device</source>
        <translation>Регистрация устройства</translation>
    </message>
    <message>
        <source>Unique id</source>
        <translation>Уникальный ID</translation>
    </message>
    <message>
        <source>IMEI or the id the tracker sends</source>
        <translation>IMEI или ID, который передаёт трекер</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Unknown / other</source>
        <translation>Неизвестная / другая</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Номер телефона</translation>
    </message>
    <message>
        <source>SIM card number, for SMS commands</source>
        <translation>Номер SIM-карты для команд по SMS</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Offline timeout</source>
        <translation>Тайм-аут потери связи</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Fleet default</source>
        <translation>По умолчанию для автопарка</translation>
    </message>
    <message>
        <source>Seconds without any packet before the device counts as offline; 0 uses the fleet default.</source>
        <translation>Сколько секунд без единого пакета должно пройти, чтобы устройство считалось не на связи; 0 — значение по умолчанию для автопарка.</translation>
    </message>
    <message>
        <source>Device password</source>
        <translation>Пароль устройства</translation>
    </message>
    <message>
        <source>Empty: the model&apos;s default password</source>
        <translation>Пусто: пароль модели по умолчанию</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>&amp;Unique id:</source>
        <translation>&amp;Уникальный ID:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Название:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Модель:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Телефон:</translation>
    </message>
    <message>
        <source>&amp;Carrier:</source>
        <translation>&amp;Оператор:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Группа:</translation>
    </message>
    <message>
        <source>&amp;Offline timeout:</source>
        <translation>Тайм-аут потери с&amp;вязи:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>Edit Device</source>
        <translation>Изменение устройства</translation>
    </message>
    <message>
        <source>%1 (not in the catalogue)</source>
        <translation>%1 (нет в каталоге)</translation>
    </message>
    <message>
        <source>Enter the unique id the tracker reports (usually its IMEI).</source>
        <translation>Введите уникальный ID, который передаёт трекер (обычно это его IMEI).</translation>
    </message>
    <message>
        <source>The unique id may have 1 to 64 printable characters, without spaces or commas.</source>
        <translation>Уникальный ID может содержать от 1 до 64 печатных символов, без пробелов и запятых.</translation>
    </message>
    <message>
        <source>A device with the id %1 is already registered.</source>
        <translation>Устройство с ID %1 уже зарегистрировано.</translation>
    </message>
    <message>
        <source>Enter a name for the device.</source>
        <translation>Введите название устройства.</translation>
    </message>
    <message>
        <source>Changing the id replaces the tracker: registration starts again and the device waits for its first data.</source>
        <translation>Изменение ID означает замену трекера: регистрация начнётся заново, и устройство будет ожидать первых данных.</translation>
    </message>
    <message>
        <source>No device directory is available.</source>
        <translation>Каталог устройств недоступен.</translation>
    </message>
    <message>
        <source>Note: this is not a valid IMEI (with these first 14 digits the last digit would be %1). Many trackers send such ids, so it is accepted; check it against the id the tracker reports.</source>
        <translation>Примечание: это некорректный IMEI (при этих первых 14 цифрах последняя должна быть %1). Многие трекеры передают такие ID, поэтому он принят; сверьте его с ID, который сообщает трекер.</translation>
    </message>
</context>
<context>
    <name>fw::DeviceListModel</name>
    <message>
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>только что</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n мин назад</numerusform>
            <numerusform>%n мин назад</numerusform>
            <numerusform>%n мин назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n ч назад</numerusform>
            <numerusform>%n ч назад</numerusform>
            <numerusform>%n ч назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>%n дн. назад</numerusform>
            <numerusform>%n дн. назад</numerusform>
            <numerusform>%n дн. назад</numerusform>
        </translation>
    </message>
    <message>
        <source>under a minute</source>
        <translation>меньше минуты</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n ч</numerusform>
            <numerusform>%n ч</numerusform>
            <numerusform>%n ч</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <translation>
            <numerusform>%n дн.</numerusform>
            <numerusform>%n дн.</numerusform>
            <numerusform>%n дн.</numerusform>
        </translation>
    </message>
    <message>
        <source>Likely causes:</source>
        <translation>Вероятные причины:</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>в движении</translation>
    </message>
    <message>
        <source>stopped for %1</source>
        <translation>стоит %1</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>стоит</translation>
    </message>
    <message>
        <source>%1 km/h</source>
        <translation>%1 км/ч</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Unique id</source>
        <translation>Уникальный ID</translation>
    </message>
    <message>
        <source>Status text</source>
        <translation>Описание состояния</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>Обновлено</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>Движение</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Скорость</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Протокол</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
</context>
<context>
    <name>fw::DeviceListView</name>
    <message>
        <source>Device list</source>
        <translation>Список устройств</translation>
    </message>
    <message>
        <source>Search name, id, phone, group or model</source>
        <translation>Поиск по названию, ID, телефону, группе или модели</translation>
    </message>
    <message>
        <source>Search devices</source>
        <translation>Поиск устройств</translation>
    </message>
    <message>
        <source>Find device</source>
        <translation>Найти устройство</translation>
    </message>
    <message>
        <source>&amp;Group by:</source>
        <translation>&amp;Группировать по:</translation>
    </message>
    <message>
        <source>Group devices by</source>
        <translation>Группировка устройств</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Без группировки</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группе</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модели</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Оператору</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Экспорт в CSV…</translation>
    </message>
    <message>
        <source>Export the devices shown to a CSV file</source>
        <translation>Экспортировать показанные устройства в файл CSV</translation>
    </message>
    <message>
        <source>Export to CSV</source>
        <translation>Экспорт в CSV</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>Копировать ID</translation>
    </message>
    <message>
        <source>Show on &amp;map</source>
        <translation>&amp;Показать на карте</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Следить</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>&amp;Unblock</source>
        <translation>&amp;Разблокировать</translation>
    </message>
    <message>
        <source>&amp;Block…</source>
        <translation>За&amp;блокировать…</translation>
    </message>
    <message>
        <source>&amp;Troubleshoot…</source>
        <translation>Устранение &amp;неполадок…</translation>
    </message>
    <message>
        <source>Send &amp;command…</source>
        <translation>Отправить &amp;команду…</translation>
    </message>
    <message>
        <source>&amp;Copy id</source>
        <translation>К&amp;опировать ID</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удаётся записать %1: %2</translation>
    </message>
    <message>
        <source>Export devices</source>
        <translation>Экспорт устройств</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>fw::DiagnosisModel</name>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>и ещё %n</numerusform>
            <numerusform>и ещё %n</numerusform>
            <numerusform>и ещё %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Devices: %1</source>
        <translation>Устройства: %1</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Подтверждающие данные</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Что делать: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
</context>
<context>
    <name>fw::DiagnosisPanel</name>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n элемент</numerusform>
            <numerusform>%n элемента</numerusform>
            <numerusform>%n элементов</numerusform>
        </translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>Диагностика</translation>
    </message>
    <message>
        <source>Check &amp;now</source>
        <translation>&amp;Проверить сейчас</translation>
    </message>
    <message>
        <source>Diagnosis summary</source>
        <translation>Сводка диагностики</translation>
    </message>
    <message>
        <source>Waiting for the first diagnosis...</source>
        <translation>Ожидание первой диагностики...</translation>
    </message>
    <message>
        <source>Run the diagnosis now</source>
        <translation>Выполнить диагностику сейчас</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Результаты</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Критично</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Информация</translation>
    </message>
    <message numerus="yes">
        <source>samples: %n frame(s)</source>
        <translation>
            <numerusform>образцы: %n пакет</numerusform>
            <numerusform>образцы: %n пакета</numerusform>
            <numerusform>образцы: %n пакетов</numerusform>
        </translation>
    </message>
    <message>
        <source>(looks like %1)</source>
        <translation>(похоже на %1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Register...</source>
        <translation>Зарегистрировать...</translation>
    </message>
    <message>
        <source>Register device %1</source>
        <translation>Зарегистрировать устройство %1</translation>
    </message>
    <message>
        <source>Register %1 as a new device</source>
        <translation>Зарегистрировать %1 как новое устройство</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Проблем не найдено.</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s), nothing that needs action.</source>
        <translation>
            <numerusform>%n замечание, действий не требуется.</numerusform>
            <numerusform>%n замечания, действий не требуется.</numerusform>
            <numerusform>%n замечаний, действий не требуется.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) need attention.</source>
        <translation>
            <numerusform>%n проблема требует внимания.</numerusform>
            <numerusform>%n проблемы требуют внимания.</numerusform>
            <numerusform>%n проблем требуют внимания.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more problem(s) in the Diagnosis panel.</source>
        <translation>
            <numerusform>Ещё %n проблема на панели «Диагностика».</numerusform>
            <numerusform>Ещё %n проблемы на панели «Диагностика».</numerusform>
            <numerusform>Ещё %n проблем на панели «Диагностика».</numerusform>
        </translation>
    </message>
    <message>
        <source>Diagnosis: %1</source>
        <translation>Диагностика: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Register Device %1</source>
        <translation>Регистрация устройства %1</translation>
    </message>
</context>
<context>
    <name>fw::EmailSettingsPage</name>
    <message>
        <source>Require &amp;STARTTLS (encrypt before logging in)</source>
        <translation>Требовать &amp;STARTTLS (шифрование перед входом)</translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation>Почтовый сервер</translation>
    </message>
    <message>
        <source>Mail &amp;server:</source>
        <translation>Почтовый &amp;сервер:</translation>
    </message>
    <message>
        <source>Mail server port</source>
        <translation>Порт почтового сервера</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Порт:</translation>
    </message>
    <message>
        <source>Mail login</source>
        <translation>Логин почты</translation>
    </message>
    <message>
        <source>empty: no login</source>
        <translation>пусто: без входа</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>Mail password</source>
        <translation>Пароль почты</translation>
    </message>
    <message>
        <source>unchanged (kept in the keychain)</source>
        <translation>без изменений (хранится в хранилище паролей)</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Пар&amp;оль:</translation>
    </message>
    <message>
        <source>Sender address</source>
        <translation>Адрес отправителя</translation>
    </message>
    <message>
        <source>Sender &amp;address:</source>
        <translation>&amp;Адрес отправителя:</translation>
    </message>
    <message>
        <source>Alert rules with e-mail targets send through this server (port 465 uses TLS from the start). Changes apply when FleetWatch starts again.</source>
        <translation>Правила оповещений с получателями по e-mail отправляют письма через этот сервер (порт 465 использует TLS с самого начала). Изменения вступят в силу после перезапуска FleetWatch.</translation>
    </message>
    <message>
        <source>E-mail: enter the sender address alert mail comes from.</source>
        <translation>E-mail: укажите адрес отправителя, с которого приходят письма с оповещениями.</translation>
    </message>
</context>
<context>
    <name>fw::EventLogModel</name>
    <message>
        <source>Status change</source>
        <translation>Смена состояния</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Тревога</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Сообщение о состоянии</translation>
    </message>
    <message>
        <source>Command result</source>
        <translation>Результат команды</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Соединение</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
</context>
<context>
    <name>fw::EventLogWidget</name>
    <message>
        <source>Event log</source>
        <translation>Журнал событий</translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation>Фильтр событий</translation>
    </message>
    <message>
        <source>Event filter</source>
        <translation>Фильтр событий</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
</context>
<context>
    <name>fw::FirstStartDialog</name>
    <message>
        <source>Welcome to FleetWatch</source>
        <translation>Добро пожаловать в FleetWatch</translation>
    </message>
    <message>
        <source>How does this computer take part in watching the fleet? You can change this later in Settings.</source>
        <translation>Как этот компьютер участвует в наблюдении за автопарком? Это можно изменить позже в настройках.</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Начать</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выйти</translation>
    </message>
</context>
<context>
    <name>fw::GeofenceListModel</name>
    <message>
        <source>Circle</source>
        <translation>Круг</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Многоугольник</translation>
    </message>
    <message>
        <source>Corridor</source>
        <translation>Коридор</translation>
    </message>
    <message>
        <source>%1 km/h</source>
        <translation>%1 км/ч</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>Все устройства</translation>
    </message>
    <message>
        <source>Group %1</source>
        <translation>Группа %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>Speed limit</source>
        <translation>Ограничение скорости</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>Применяется к</translation>
    </message>
</context>
<context>
    <name>fw::GeofencesDialog</name>
    <message>
        <source>Geofences</source>
        <translation>Геозоны</translation>
    </message>
    <message>
        <source>Geofence list</source>
        <translation>Список геозон</translation>
    </message>
    <message>
        <source>C&amp;ircle</source>
        <translation>&amp;Круг</translation>
    </message>
    <message>
        <source>Draw a new circle: click its centre on the map</source>
        <translation>Нарисовать новый круг: щёлкните его центр на карте</translation>
    </message>
    <message>
        <source>&amp;Polygon</source>
        <translation>&amp;Многоугольник</translation>
    </message>
    <message>
        <source>Draw a new polygon: click its corners on the map</source>
        <translation>Нарисовать новый многоугольник: щёлкните его вершины на карте</translation>
    </message>
    <message>
        <source>C&amp;orridor</source>
        <translation>Ко&amp;ридор</translation>
    </message>
    <message>
        <source>Draw a new corridor: click along the route on the map</source>
        <translation>Нарисовать новый коридор: щёлкайте вдоль маршрута на карте</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Изменить</translation>
    </message>
    <message>
        <source>Change the selected geofence</source>
        <translation>Изменить выбранную геозону</translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation>Им&amp;порт...</translation>
    </message>
    <message>
        <source>Read geofences from a GeoJSON, KML or GPX file</source>
        <translation>Загрузить геозоны из файла GeoJSON, KML или GPX</translation>
    </message>
    <message>
        <source>Import geofences</source>
        <translation>Импорт геозон</translation>
    </message>
    <message>
        <source>Geofence files (*.geojson *.json *.kml *.gpx);;All files (*)</source>
        <translation>Файлы геозон (*.geojson *.json *.kml *.gpx);;Все файлы (*)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>Delete the selected geofence</source>
        <translation>Удалить выбранную геозону</translation>
    </message>
    <message>
        <source>Geofence</source>
        <translation>Геозона</translation>
    </message>
    <message>
        <source>Geofence name</source>
        <translation>Название геозоны</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Название:</translation>
    </message>
    <message>
        <source> km/h</source>
        <translation> км/ч</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>без ограничения</translation>
    </message>
    <message>
        <source>Speed limit</source>
        <translation>Ограничение скорости</translation>
    </message>
    <message>
        <source>&amp;Speed limit:</source>
        <translation>Ог&amp;раничение скорости:</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>Все устройства</translation>
    </message>
    <message>
        <source>One group</source>
        <translation>Одна группа</translation>
    </message>
    <message>
        <source>These devices</source>
        <translation>Эти устройства</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>Применяется к</translation>
    </message>
    <message>
        <source>&amp;Applies to:</source>
        <translation>&amp;Применяется к:</translation>
    </message>
    <message>
        <source>Group name or device ids</source>
        <translation>Название группы или ID устройств</translation>
    </message>
    <message>
        <source>&amp;Which:</source>
        <translation>Каки&amp;е:</translation>
    </message>
    <message>
        <source> m</source>
        <translation> м</translation>
    </message>
    <message>
        <source>Corridor width</source>
        <translation>Ширина коридора</translation>
    </message>
    <message>
        <source>Corridor &amp;width:</source>
        <translation>&amp;Ширина коридора:</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <source>Undo the last change to the shape</source>
        <translation>Отменить последнее изменение формы</translation>
    </message>
    <message>
        <source>Undo the last change to the shape (%1)</source>
        <translation>Отменить последнее изменение формы (%1)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>О&amp;тмена</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Give the geofence a name.</source>
        <translation>Задайте название геозоны.</translation>
    </message>
    <message>
        <source>Name the group or the devices the geofence applies to.</source>
        <translation>Укажите группу или устройства, к которым применяется геозона.</translation>
    </message>
    <message>
        <source>A polygon needs at least three corners on the map.</source>
        <translation>Многоугольнику нужно не меньше трёх вершин на карте.</translation>
    </message>
    <message>
        <source>A corridor needs at least two points on the map.</source>
        <translation>Коридору нужно не меньше двух точек на карте.</translation>
    </message>
    <message>
        <source>Click the circle&apos;s centre on the map.</source>
        <translation>Щёлкните центр круга на карте.</translation>
    </message>
    <message>
        <source>There is already a geofence called &quot;%1&quot;.</source>
        <translation>Геозона с названием «%1» уже существует.</translation>
    </message>
    <message>
        <source>device ids, separated by commas</source>
        <translation>ID устройств через запятую</translation>
    </message>
    <message>
        <source>group name</source>
        <translation>название группы</translation>
    </message>
    <message>
        <source>Choose Circle, Polygon or Corridor to draw a new geofence on the map, or select one and choose Edit.</source>
        <translation>Выберите «Круг», «Многоугольник» или «Коридор», чтобы нарисовать новую геозону на карте, или выберите существующую и нажмите «Изменить».</translation>
    </message>
    <message>
        <source>Click the centre on the map. Drag the centre to move the circle and the handle on its edge to change the radius (%1 m).</source>
        <translation>Щёлкните центр на карте. Перетащите центр, чтобы переместить круг, а маркер на его краю — чтобы изменить радиус (%1 м).</translation>
    </message>
    <message numerus="yes">
        <source>Click each corner on the map (%n so far). Drag a corner to move it, or the inside to move the whole polygon.</source>
        <translation>
            <numerusform>Щёлкните каждую вершину на карте (пока %n). Перетащите вершину, чтобы переместить её, или внутреннюю область, чтобы переместить весь многоугольник.</numerusform>
            <numerusform>Щёлкните каждую вершину на карте (пока %n). Перетащите вершину, чтобы переместить её, или внутреннюю область, чтобы переместить весь многоугольник.</numerusform>
            <numerusform>Щёлкните каждую вершину на карте (пока %n). Перетащите вершину, чтобы переместить её, или внутреннюю область, чтобы переместить весь многоугольник.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Click along the route on the map (%n point(s) so far). Drag a point to move it, or the route to move the whole corridor.</source>
        <translation>
            <numerusform>Щёлкайте вдоль маршрута на карте (пока %n точка). Перетащите точку, чтобы переместить её, или маршрут, чтобы переместить весь коридор.</numerusform>
            <numerusform>Щёлкайте вдоль маршрута на карте (пока %n точки). Перетащите точку, чтобы переместить её, или маршрут, чтобы переместить весь коридор.</numerusform>
            <numerusform>Щёлкайте вдоль маршрута на карте (пока %n точек). Перетащите точку, чтобы переместить её, или маршрут, чтобы переместить весь коридор.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fw::ImportDevicesDialog</name>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Импортировать</translation>
    </message>
    <message>
        <source>Import Devices</source>
        <translation>Импорт устройств</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>Файл CSV</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>Файл не выбран</translation>
    </message>
    <message>
        <source>&amp;Choose File…</source>
        <translation>&amp;Выбрать файл…</translation>
    </message>
    <message>
        <source>Choose a CSV file</source>
        <translation>Выберите файл CSV</translation>
    </message>
    <message>
        <source>Devices in the file</source>
        <translation>Устройства в файле</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Unique id</source>
        <translation>Уникальный ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Протокол</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Offline timeout</source>
        <translation>Тайм-аут потери связи</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Не удаётся открыть %1: %2</translation>
    </message>
    <message>
        <source>unique id %1 is already registered</source>
        <translation>уникальный ID %1 уже зарегистрирован</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) ready to import.</source>
        <translation>
            <numerusform>К импорту готово %n устройство.</numerusform>
            <numerusform>К импорту готовы %n устройства.</numerusform>
            <numerusform>К импорту готово %n устройств.</numerusform>
        </translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Строка %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more problem(s).</source>
        <translation>
            <numerusform>… и ещё %n проблема.</numerusform>
            <numerusform>… и ещё %n проблемы.</numerusform>
            <numerusform>… и ещё %n проблем.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing will be imported until the file is corrected:</source>
        <translation>Ничего не будет импортировано, пока файл не исправлен:</translation>
    </message>
    <message>
        <source>No device directory is available.</source>
        <translation>Каталог устройств недоступен.</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n device(s)…</source>
        <translation>
            <numerusform>Импорт %n устройства…</numerusform>
            <numerusform>Импорт %n устройств…</numerusform>
            <numerusform>Импорт %n устройств…</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>Ничего не импортировано: %1</translation>
    </message>
    <message>
        <source>A CSV file with a header row naming the columns: %1. Only the id and name are required. The whole file is imported, or nothing if any row has a problem.</source>
        <translation>CSV-файл со строкой заголовка, в которой названы столбцы: %1. Обязательны только ID и название. Файл импортируется целиком или не импортируется вовсе, если хотя бы в одной строке есть ошибка.</translation>
    </message>
    <message numerus="yes">
        <source>%n id(s) are not valid IMEIs and will be imported as they are; check them against what the trackers send.</source>
        <translation>
            <numerusform>%n ID не является корректным IMEI и будет импортирован как есть; сверьте его с тем, что передают трекеры.</numerusform>
            <numerusform>%n ID не являются корректными IMEI и будут импортированы как есть; сверьте их с тем, что передают трекеры.</numerusform>
            <numerusform>%n ID не являются корректными IMEI и будут импортированы как есть; сверьте их с тем, что передают трекеры.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fw::KeychainSecretStore</name>
    <message>
        <source>no keychain service is running on this computer (%1); passwords are kept for this session only and never written to the settings file</source>
        <translation>на этом компьютере не запущена служба хранения паролей (%1); пароли хранятся только до конца сеанса и никогда не записываются в файл настроек</translation>
    </message>
    <message>
        <source>no keychain service is running on this computer; passwords are kept for this session only and never written to the settings file</source>
        <translation>на этом компьютере не запущена служба хранения паролей; пароли хранятся только до конца сеанса и никогда не записываются в файл настроек</translation>
    </message>
    <message>
        <source>the keychain refused: %1</source>
        <translation>хранилище паролей отказало: %1</translation>
    </message>
</context>
<context>
    <name>fw::MainWindow</name>
    <message>
        <source>FleetWatch</source>
        <translation>FleetWatch</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Карта</translation>
    </message>
    <message>
        <source>Map area</source>
        <translation>Область карты</translation>
    </message>
    <message>
        <source>Device list</source>
        <translation>Список устройств</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Device details</source>
        <translation>Сведения об устройстве</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Журнал событий</translation>
    </message>
    <message>
        <source>Raw frame console</source>
        <translation>Консоль необработанных пакетов</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Сведения</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
    <message>
        <source>Raw frames</source>
        <translation>Сырые пакеты</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Основная панель инструментов</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Import devices...</source>
        <translation>&amp;Импорт устройств...</translation>
    </message>
    <message>
        <source>&amp;Export device list...</source>
        <translation>&amp;Экспорт списка устройств...</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>&amp;Настройки...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>&amp;Устройства</translation>
    </message>
    <message>
        <source>&amp;Register device...</source>
        <translation>&amp;Зарегистрировать устройство...</translation>
    </message>
    <message>
        <source>&amp;Edit device...</source>
        <translation>&amp;Изменить устройство...</translation>
    </message>
    <message>
        <source>&amp;Block...</source>
        <translation>За&amp;блокировать...</translation>
    </message>
    <message>
        <source>&amp;Unblock</source>
        <translation>&amp;Разблокировать</translation>
    </message>
    <message>
        <source>Re&amp;move device...</source>
        <translation>&amp;Удалить устройство...</translation>
    </message>
    <message>
        <source>&amp;Notify me about this device</source>
        <translation>Уведо&amp;млять об этом устройстве</translation>
    </message>
    <message>
        <source>&amp;Troubleshoot...</source>
        <translation>Устранение &amp;неполадок...</translation>
    </message>
    <message>
        <source>Send &amp;command...</source>
        <translation>Отправить &amp;команду...</translation>
    </message>
    <message>
        <source>Start the &amp;demo fleet</source>
        <translation>Запустить &amp;демонстрационный автопарк</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Тема</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Как в систе&amp;ме</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Светлая</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Тёмная</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Сбросить расположение</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>&amp;Полноэкранный режим</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About FleetWatch</source>
        <translation>&amp;О программе FleetWatch</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>О &amp;Qt</translation>
    </message>
    <message>
        <source>Listening ports</source>
        <translation>Порты приёма</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>Пакетов в секунду</translation>
    </message>
    <message>
        <source>Database state</source>
        <translation>Состояние базы данных</translation>
    </message>
    <message>
        <source>Device count</source>
        <translation>Количество устройств</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>База данных: %1</translation>
    </message>
    <message>
        <source>%1 port %2: %3</source>
        <translation>%1, порт %2: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n port(s) listening</source>
        <translation>
            <numerusform>%n порт принимает данные</numerusform>
            <numerusform>%n порта принимают данные</numerusform>
            <numerusform>%n портов принимают данные</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 listening, %2 failed</source>
        <translation>Работают: %1, с ошибкой: %2</translation>
    </message>
    <message>
        <source>%1 frames/s</source>
        <translation>%1 пакетов/с</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n устройство</numerusform>
            <numerusform>%n устройства</numerusform>
            <numerusform>%n устройств</numerusform>
        </translation>
    </message>
    <message>
        <source>Database OK</source>
        <translation>База данных в порядке</translation>
    </message>
    <message>
        <source>Database failing</source>
        <translation>Сбой базы данных</translation>
    </message>
    <message>
        <source>The database cannot be written (%1). Data is held in memory and devices are not acknowledged until it recovers.</source>
        <translation>Не удаётся записать в базу данных (%1). Данные хранятся в памяти, и устройствам не отправляются подтверждения, пока работа базы данных не восстановится.</translation>
    </message>
    <message>
        <source>Registered %1</source>
        <translation>Зарегистрировано: %1</translation>
    </message>
    <message>
        <source>Unblock device</source>
        <translation>Разблокировать устройство</translation>
    </message>
    <message>
        <source>Remove device</source>
        <translation>Удалить устройство</translation>
    </message>
    <message>
        <source>Remove %1 (%2) and all its stored positions and events?</source>
        <translation>Удалить %1 (%2) вместе со всеми сохранёнными позициями и событиями?</translation>
    </message>
    <message>
        <source>Removing %1 and its stored data…</source>
        <translation>Удаление %1 и сохранённых данных…</translation>
    </message>
    <message>
        <source>%1 and its stored data were removed.</source>
        <translation>%1 и сохранённые данные удалены.</translation>
    </message>
    <message>
        <source>The stored data of %1 could not be removed completely: %2</source>
        <translation>Не удалось полностью удалить сохранённые данные %1: %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n port(s) could not be opened (%1)</source>
        <translation>
            <numerusform>Не удалось открыть %n порт (%1)</numerusform>
            <numerusform>Не удалось открыть %n порта (%1)</numerusform>
            <numerusform>Не удалось открыть %n портов (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Отчёты</translation>
    </message>
    <message>
        <source>&amp;Reports...</source>
        <translation>&amp;Отчёты...</translation>
    </message>
    <message>
        <source>Trips, stops, summaries and events with a chart beside the map</source>
        <translation>Поездки, стоянки, сводки и события с графиком рядом с картой</translation>
    </message>
    <message>
        <source>&amp;Geofences</source>
        <translation>&amp;Геозоны</translation>
    </message>
    <message>
        <source>&amp;Geofences...</source>
        <translation>&amp;Геозоны...</translation>
    </message>
    <message>
        <source>Alert &amp;rules...</source>
        <translation>&amp;Правила оповещений...</translation>
    </message>
    <message>
        <source>&amp;Show geofences on the map</source>
        <translation>Показывать геозоны на &amp;карте</translation>
    </message>
</context>
<context>
    <name>fw::MapView</name>
    <message>
        <source>Built-in basemap only</source>
        <translation>Только встроенная подложка</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Карта</translation>
    </message>
    <message>
        <source>Map tools</source>
        <translation>Инструменты карты</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>Показать все</translation>
    </message>
    <message>
        <source>Show every device (Home)</source>
        <translation>Показать все устройства (Home)</translation>
    </message>
    <message>
        <source>Fit selection</source>
        <translation>Показать выбранное</translation>
    </message>
    <message>
        <source>Show the selected device and its track</source>
        <translation>Показать выбранное устройство и его трек</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Следить</translation>
    </message>
    <message>
        <source>Keep the selected device in the middle of the map</source>
        <translation>Удерживать выбранное устройство в центре карты</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>Карта:</translation>
    </message>
    <message>
        <source>Map tiles</source>
        <translation>Тайлы карты</translation>
    </message>
    <message>
        <source>Track:</source>
        <translation>Трек:</translation>
    </message>
    <message>
        <source>Track period</source>
        <translation>Период трека</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Последний час</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>Последние 6 часов</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Последние 24 часа</translation>
    </message>
    <message>
        <source>Last 3 days</source>
        <translation>Последние 3 дня</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
</context>
<context>
    <name>fw::MapWidget</name>
    <message>
        <source>Fleet map</source>
        <translation>Карта автопарка</translation>
    </message>
    <message>
        <source>Map of the devices. Arrow keys pan, plus and minus zoom.</source>
        <translation>Карта устройств. Стрелки — перемещение, плюс и минус — масштаб.</translation>
    </message>
    <message>
        <source>Last update: %1</source>
        <translation>Последнее обновление: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n devices</source>
        <translation>
            <numerusform>%n устройство</numerusform>
            <numerusform>%n устройства</numerusform>
            <numerusform>%n устройств</numerusform>
        </translation>
    </message>
    <message>
        <source>Needs most attention: %1</source>
        <translation>Требует наибольшего внимания: %1</translation>
    </message>
    <message>
        <source>Click to zoom in</source>
        <translation>Щёлкните, чтобы приблизить</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 км</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 м</translation>
    </message>
    <message>
        <source>Built-in basemap: Natural Earth</source>
        <translation>Встроенная подложка: Natural Earth</translation>
    </message>
</context>
<context>
    <name>fw::MbTilesSource</name>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>Файл %1 не существует.</translation>
    </message>
    <message>
        <source>No such tile in the file.</source>
        <translation>В файле нет такого тайла.</translation>
    </message>
    <message>
        <source>The tile could not be decoded.</source>
        <translation>Не удалось декодировать тайл.</translation>
    </message>
</context>
<context>
    <name>fw::NodesController</name>
    <message>
        <source>The node list could not be read: %1</source>
        <translation>Не удалось прочитать список узлов: %1</translation>
    </message>
</context>
<context>
    <name>fw::NodesModel</name>
    <message>
        <source>alive</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>молчит</translation>
    </message>
    <message>
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Узел</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Порты</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Соединения</translation>
    </message>
    <message>
        <source>Positions/s</source>
        <translation>Позиций/с</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Последний раз на связи</translation>
    </message>
</context>
<context>
    <name>fw::NodesPanel</name>
    <message>
        <source>Nodes</source>
        <translation>Узлы</translation>
    </message>
    <message>
        <source>Ingest nodes</source>
        <translation>Узлы приёма</translation>
    </message>
    <message>
        <source>Node summary</source>
        <translation>Сводка по узлам</translation>
    </message>
    <message>
        <source>Node list problem</source>
        <translation>Ошибка списка узлов</translation>
    </message>
    <message>
        <source>Node list</source>
        <translation>Список узлов</translation>
    </message>
    <message>
        <source>No ingest node has reported to this database.</source>
        <translation>Ни один узел приёма ещё не отметился в этой базе.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n node(s) alive</source>
        <translation>
            <numerusform>%1 из %n узла работает</numerusform>
            <numerusform>%1 из %n узлов работают</numerusform>
            <numerusform>%1 из %n узлов работают</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fw::OnlineTimelineWidget</name>
    <message>
        <source>Devices online in the last 24 hours</source>
        <translation>Устройства на связи за последние 24 часа</translation>
    </message>
    <message>
        <source>No stored status changes yet.</source>
        <translation>Сохранённых смен состояния пока нет.</translation>
    </message>
    <message>
        <source>Between %1 and %2 devices online; %3 now.</source>
        <translation>На связи от %1 до %2 устройств; сейчас %3.</translation>
    </message>
    <message>
        <source>Online, last 24 hours</source>
        <translation>На связи за 24 часа</translation>
    </message>
    <message>
        <source>24 h ago</source>
        <translation>24 ч назад</translation>
    </message>
    <message>
        <source>now</source>
        <translation>сейчас</translation>
    </message>
    <message>
        <source>no data yet</source>
        <translation>данных пока нет</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>макс. %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n device(s) online</source>
        <translation>
            <numerusform>%1: на связи %n устройство</numerusform>
            <numerusform>%1: на связи %n устройства</numerusform>
            <numerusform>%1: на связи %n устройств</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fw::ProblemBanner</name>
    <message>
        <source>Problem banner</source>
        <translation>Строка проблем</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Подробнее…</translation>
    </message>
    <message numerus="yes">
        <source>(+%n more)</source>
        <translation>
            <numerusform>(и ещё %n)</numerusform>
            <numerusform>(и ещё %n)</numerusform>
            <numerusform>(и ещё %n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fw::RawConsoleWidget</name>
    <message>
        <source>Raw console</source>
        <translation>Консоль необработанных пакетов</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>ID устройства</translation>
    </message>
    <message>
        <source>Device filter</source>
        <translation>Фильтр по устройству</translation>
    </message>
    <message>
        <source>Any port</source>
        <translation>Любой порт</translation>
    </message>
    <message>
        <source>Port filter</source>
        <translation>Фильтр по порту</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Любой результат</translation>
    </message>
    <message>
        <source>Outcome filter</source>
        <translation>Фильтр по результату</translation>
    </message>
    <message>
        <source>Show text frames as hex too</source>
        <translation>Показывать текстовые пакеты тоже в hex</translation>
    </message>
    <message>
        <source>Hex only</source>
        <translation>Только hex</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Сохранить…</translation>
    </message>
    <message>
        <source>Save the rows shown to a file</source>
        <translation>Сохранить показанные строки в файл</translation>
    </message>
    <message>
        <source>Save rows</source>
        <translation>Сохранить строки</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
    <message>
        <source>Clear the view (the log keeps the frames)</source>
        <translation>Очистить окно (пакеты остаются в журнале)</translation>
    </message>
    <message>
        <source>Clear view</source>
        <translation>Очистить окно</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Пакеты</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <source>&amp;Save Rows…</source>
        <translation>&amp;Сохранить строки…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n пакет</numerusform>
            <numerusform>%n пакета</numerusform>
            <numerusform>%n пакетов</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (paused)</source>
        <translation>%1 (пауза)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удаётся записать %1: %2</translation>
    </message>
    <message>
        <source>Save Frames</source>
        <translation>Сохранение пакетов</translation>
    </message>
    <message>
        <source>Tab-separated text (*.tsv *.txt);;All files (*)</source>
        <translation>Текст с разделителями-табуляциями (*.tsv *.txt);;Все файлы (*)</translation>
    </message>
    <message>
        <source>&amp;Hex</source>
        <translation>&amp;Hex</translation>
    </message>
    <message>
        <source>Pause the view (frames keep arriving in the log)</source>
        <translation>Приостановить просмотр (пакеты продолжают записываться в журнал)</translation>
    </message>
    <message>
        <source>Only frames received on this port</source>
        <translation>Только пакеты, принятые на этот порт</translation>
    </message>
    <message>
        <source>Only frames with this outcome</source>
        <translation>Только пакеты с этим результатом</translation>
    </message>
    <message>
        <source>Only frames of this device</source>
        <translation>Только пакеты этого устройства</translation>
    </message>
</context>
<context>
    <name>fw::RawFrameModel</name>
    <message numerus="yes">
        <source>%1 … (%n bytes)</source>
        <translation>
            <numerusform>%1 … (%n байт)</numerusform>
            <numerusform>%1 … (%n байта)</numerusform>
            <numerusform>%1 … (%n байт)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bytes</source>
        <translation>
            <numerusform>%n байт</numerusform>
            <numerusform>%n байта</numerusform>
            <numerusform>%n байт</numerusform>
        </translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Протокол</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Отправитель</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Данные</translation>
    </message>
    <message>
        <source>Decoded / error</source>
        <translation>Расшифровка / ошибка</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Ответ</translation>
    </message>
</context>
<context>
    <name>fw::ReplayBar</name>
    <message>
        <source>Track replay</source>
        <translation>Воспроизведение трека</translation>
    </message>
    <message>
        <source>Play or pause the replay</source>
        <translation>Запустить или приостановить воспроизведение</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>Воспроизведение / пауза (пробел)</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>Скорость воспроизведения</translation>
    </message>
    <message>
        <source>%1x</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Replay time</source>
        <translation>Время воспроизведения</translation>
    </message>
    <message>
        <source>Export track…</source>
        <translation>Экспорт трека…</translation>
    </message>
    <message>
        <source>Export the track as GPX or CSV</source>
        <translation>Экспортировать трек в GPX или CSV</translation>
    </message>
    <message>
        <source>GPX track (*.gpx)</source>
        <translation>Трек GPX (*.gpx)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>Таблица CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export track</source>
        <translation>Экспорт трека</translation>
    </message>
    <message>
        <source>The track could not be saved: %1</source>
        <translation>Не удалось сохранить трек: %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Воспроизвести</translation>
    </message>
    <message>
        <source>No track</source>
        <translation>Нет трека</translation>
    </message>
</context>
<context>
    <name>fw::ReportChartPainter</name>
    <message>
        <source>Speed, km/h</source>
        <translation>Скорость, км/ч</translation>
    </message>
    <message>
        <source>Altitude, m</source>
        <translation>Высота, м</translation>
    </message>
    <message>
        <source>Battery, %</source>
        <translation>Батарея, %</translation>
    </message>
    <message>
        <source>Fuel</source>
        <translation>Топливо</translation>
    </message>
    <message>
        <source>No positions to chart</source>
        <translation>Нет позиций для графика</translation>
    </message>
    <message>
        <source>%1 (%2 to %3)</source>
        <translation>%1 (с %2 по %3)</translation>
    </message>
</context>
<context>
    <name>fw::ReportChartWidget</name>
    <message>
        <source>Report chart</source>
        <translation>График отчёта</translation>
    </message>
    <message>
        <source>Speed and other readings over time; the arrow keys move the cursor along the track</source>
        <translation>Скорость и другие показания во времени; клавиши со стрелками перемещают курсор по треку</translation>
    </message>
</context>
<context>
    <name>fw::ReportPdfWriter</name>
    <message>
        <source>%1 to %2</source>
        <translation>с %1 по %2</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Поездки</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>Стоянки</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
    <message>
        <source>Geofence visits</source>
        <translation>Посещения геозон</translation>
    </message>
    <message>
        <source>Trips: %1</source>
        <translation>Поездки: %1</translation>
    </message>
    <message>
        <source>Distance: %1 km</source>
        <translation>Пробег: %1 км</translation>
    </message>
    <message>
        <source>Driving time: %1</source>
        <translation>Время в пути: %1</translation>
    </message>
    <message>
        <source>Stops: %1</source>
        <translation>Стоянки: %1</translation>
    </message>
    <message>
        <source>Time stopped: %1</source>
        <translation>Время стоянок: %1</translation>
    </message>
    <message>
        <source>Moving time: %1</source>
        <translation>Время движения: %1</translation>
    </message>
    <message>
        <source>Engine hours: %1</source>
        <translation>Моточасы: %1</translation>
    </message>
    <message>
        <source>Maximum speed: %1 km/h</source>
        <translation>Максимальная скорость: %1 км/ч</translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation>События: %1</translation>
    </message>
    <message>
        <source>Visits: %1</source>
        <translation>Посещения: %1</translation>
    </message>
    <message>
        <source>There are no geofences to report visits of.</source>
        <translation>Нет геозон, по которым можно составить отчёт о посещениях.</translation>
    </message>
    <message>
        <source>Periods without data (longer than an hour): %1</source>
        <translation>Периоды без данных (дольше часа): %1</translation>
    </message>
    <message>
        <source>FleetWatch report: %1</source>
        <translation>Отчёт FleetWatch: %1</translation>
    </message>
    <message>
        <source>cannot create the file (is the folder writable?)</source>
        <translation>не удаётся создать файл (есть ли права на запись в папку?)</translation>
    </message>
    <message>
        <source>Made on %1</source>
        <translation>Создан %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>и ещё %n</numerusform>
            <numerusform>и ещё %n</numerusform>
            <numerusform>и ещё %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Devices (%1): %2</source>
        <translation>Устройства (%1): %2</translation>
    </message>
    <message>
        <source>Speed over time</source>
        <translation>Скорость во времени</translation>
    </message>
    <message>
        <source>Nothing to report in this period.</source>
        <translation>За этот период данных для отчёта нет.</translation>
    </message>
    <message>
        <source>the PDF could not be finished</source>
        <translation>не удалось завершить PDF</translation>
    </message>
    <message>
        <source>the PDF file is empty</source>
        <translation>файл PDF пуст</translation>
    </message>
</context>
<context>
    <name>fw::ReportRunner</name>
    <message>
        <source>No database is configured.</source>
        <translation>База данных не настроена.</translation>
    </message>
</context>
<context>
    <name>fw::ReportTableModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Конец</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Distance, km</source>
        <translation>Пробег, км</translation>
    </message>
    <message>
        <source>Max speed, km/h</source>
        <translation>Макс. скорость, км/ч</translation>
    </message>
    <message>
        <source>Average speed, km/h</source>
        <translation>Средняя скорость, км/ч</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Откуда</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Куда</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>В движении</translation>
    </message>
    <message>
        <source>Engine hours</source>
        <translation>Моточасы</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Поездки</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Geofence</source>
        <translation>Геозона</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>still inside</source>
        <translation>всё ещё внутри</translation>
    </message>
</context>
<context>
    <name>fw::ReportsWindow</name>
    <message>
        <source>Reports - FleetWatch</source>
        <translation>Отчёты - FleetWatch</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>The report failed: %1</source>
        <translation>Не удалось построить отчёт: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Отчёт</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Поездки</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>Стоянки</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Summary per day</source>
        <translation>Сводка по дням</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
    <message>
        <source>Geofence visits</source>
        <translation>Посещения геозон</translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation>&amp;Отчёт:</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>&amp;Devices:</source>
        <translation>&amp;Устройства:</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Последние 24 часа</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Этот месяц</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Произвольный</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Период:</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>R&amp;un</source>
        <translation>Пос&amp;троить</translation>
    </message>
    <message>
        <source>Make the report (Ctrl+Return)</source>
        <translation>Построить отчёт (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>&amp;Экспорт</translation>
    </message>
    <message>
        <source>CSV table...</source>
        <translation>Таблица CSV...</translation>
    </message>
    <message>
        <source>PDF document...</source>
        <translation>Документ PDF...</translation>
    </message>
    <message>
        <source>GPX tracks...</source>
        <translation>Треки GPX...</translation>
    </message>
    <message>
        <source>KML tracks...</source>
        <translation>Треки KML...</translation>
    </message>
    <message>
        <source>Report progress</source>
        <translation>Ход построения отчёта</translation>
    </message>
    <message>
        <source>Choose a report, devices and a period, then Run.</source>
        <translation>Выберите отчёт, устройства и период, затем нажмите «Построить».</translation>
    </message>
    <message>
        <source>Report table</source>
        <translation>Таблица отчёта</translation>
    </message>
    <message>
        <source>Report map</source>
        <translation>Карта отчёта</translation>
    </message>
    <message numerus="yes">
        <source>All devices (%n)</source>
        <translation>
            <numerusform>Все устройства (%n)</numerusform>
            <numerusform>Все устройства (%n)</numerusform>
            <numerusform>Все устройства (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>Группа: %1</translation>
    </message>
    <message>
        <source>The period ends before it starts; choose another.</source>
        <translation>Период заканчивается раньше, чем начинается; выберите другой.</translation>
    </message>
    <message>
        <source>There are no devices to report on.</source>
        <translation>Нет устройств для отчёта.</translation>
    </message>
    <message>
        <source>Making the report...</source>
        <translation>Построение отчёта...</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n устройство</numerusform>
            <numerusform>%n устройства</numerusform>
            <numerusform>%n устройств</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2 - %3</source>
        <translation>%1, %2 - %3</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Экспорт отчёта</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>Файлы %1 (*.%2)</translation>
    </message>
    <message>
        <source>The report could not be saved to %1: %2</source>
        <translation>Не удалось сохранить отчёт в %1: %2</translation>
    </message>
    <message>
        <source>Address lookup progress</source>
        <translation>Ход поиска адресов</translation>
    </message>
    <message>
        <source>Addresses: %1 of %2</source>
        <translation>Адреса: %1 из %2</translation>
    </message>
</context>
<context>
    <name>fw::RuleListModel</name>
    <message>
        <source>Group %1</source>
        <translation>Группа %1</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>Все устройства</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>никого</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Watches</source>
        <translation>Отслеживает</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>Tells</source>
        <translation>Уведомляет</translation>
    </message>
</context>
<context>
    <name>fw::RulesDialog</name>
    <message>
        <source>Alert rules</source>
        <translation>Правила оповещений</translation>
    </message>
    <message>
        <source>Rule list</source>
        <translation>Список правил</translation>
    </message>
    <message>
        <source>&amp;New rule</source>
        <translation>&amp;Новое правило</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>Delete the selected rule</source>
        <translation>Удалить выбранное правило</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Правило</translation>
    </message>
    <message>
        <source>Rule name</source>
        <translation>Название правила</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Название:</translation>
    </message>
    <message>
        <source>What the rule watches</source>
        <translation>Что отслеживает правило</translation>
    </message>
    <message>
        <source>&amp;Watches:</source>
        <translation>&amp;Отслеживает:</translation>
    </message>
    <message>
        <source>Geofence</source>
        <translation>Геозона</translation>
    </message>
    <message>
        <source>&amp;Geofence:</source>
        <translation>&amp;Геозона:</translation>
    </message>
    <message>
        <source> km/h</source>
        <translation> км/ч</translation>
    </message>
    <message>
        <source>the geofence&apos;s limit</source>
        <translation>ограничение геозоны</translation>
    </message>
    <message>
        <source>Speed limit</source>
        <translation>Ограничение скорости</translation>
    </message>
    <message>
        <source>&amp;Limit:</source>
        <translation>Ог&amp;раничение:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Minimum duration</source>
        <translation>Минимальная длительность</translation>
    </message>
    <message>
        <source>&amp;After:</source>
        <translation>&amp;Через:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Состояние:</translation>
    </message>
    <message>
        <source>any, sos, powerCut, lowBattery, tampering ...</source>
        <translation>any, sos, powerCut, lowBattery, tampering ...</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Тревога</translation>
    </message>
    <message>
        <source>Ala&amp;rm:</source>
        <translation>&amp;Тревога:</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Battery level below</source>
        <translation>Уровень заряда батареи ниже</translation>
    </message>
    <message>
        <source>&amp;Below:</source>
        <translation>Ни&amp;же:</translation>
    </message>
    <message>
        <source> km</source>
        <translation> км</translation>
    </message>
    <message>
        <source>Service every kilometres</source>
        <translation>Обслуживание каждые N километров</translation>
    </message>
    <message>
        <source>Every &amp;km:</source>
        <translation>Каждые &amp;км:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> ч</translation>
    </message>
    <message>
        <source>Service every engine hours</source>
        <translation>Обслуживание каждые N моточасов</translation>
    </message>
    <message>
        <source>Every &amp;hours:</source>
        <translation>Каждые &amp;моточасы:</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>Все устройства</translation>
    </message>
    <message>
        <source>One group</source>
        <translation>Одна группа</translation>
    </message>
    <message>
        <source>These devices</source>
        <translation>Эти устройства</translation>
    </message>
    <message>
        <source>Devices the rule covers</source>
        <translation>Устройства, на которые распространяется правило</translation>
    </message>
    <message>
        <source>&amp;Devices:</source>
        <translation>Устройст&amp;ва:</translation>
    </message>
    <message>
        <source>Group name or device ids</source>
        <translation>Название группы или ID устройств</translation>
    </message>
    <message>
        <source>Show in this &amp;window</source>
        <translation>Показывать в этом &amp;окне</translation>
    </message>
    <message>
        <source>Tell:</source>
        <translation>Уведомлять:</translation>
    </message>
    <message>
        <source>E-mail addresses</source>
        <translation>Адреса e-mail</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>Webhook addresses</source>
        <translation>Адреса веб-хуков</translation>
    </message>
    <message>
        <source>Web&amp;hooks:</source>
        <translation>Веб-&amp;хуки:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>any geofence</source>
        <translation>любая геозона</translation>
    </message>
    <message>
        <source>Name the group or the devices the rule covers.</source>
        <translation>Укажите группу или устройства, на которые распространяется правило.</translation>
    </message>
    <message>
        <source>There is already a rule called &quot;%1&quot;.</source>
        <translation>Правило с названием «%1» уже существует.</translation>
    </message>
    <message>
        <source>group name</source>
        <translation>название группы</translation>
    </message>
    <message>
        <source>device ids, separated by commas</source>
        <translation>ID устройств через запятую</translation>
    </message>
</context>
<context>
    <name>fw::ServerConnectionForm</name>
    <message>
        <source>This computer &amp;receives the trackers</source>
        <translation>Этот компьютер &amp;принимает данные трекеров</translation>
    </message>
    <message>
        <source>&amp;Connect to a FleetWatch server</source>
        <translation>&amp;Подключиться к серверу FleetWatch</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Проверить соединение</translation>
    </message>
    <message>
        <source>FleetWatch server address</source>
        <translation>Адрес сервера FleetWatch</translation>
    </message>
    <message>
        <source>FleetWatch server password</source>
        <translation>Пароль сервера FleetWatch</translation>
    </message>
    <message>
        <source>unchanged (kept in the keychain)</source>
        <translation>без изменений (хранится в связке ключей)</translation>
    </message>
    <message>
        <source>The trackers send to this computer: it opens the listening ports and keeps the data (SQLite here, or a PostgreSQL database).</source>
        <translation>Трекеры передают данные на этот компьютер: он открывает порты приёма и хранит данные (SQLite здесь или база PostgreSQL).</translation>
    </message>
    <message>
        <source>Ingest nodes receive the trackers and write a PostgreSQL database; this window shows that database live and opens no ports.</source>
        <translation>Узлы приёма получают данные трекеров и записывают их в базу PostgreSQL; это окно показывает эту базу в реальном времени и не открывает портов.</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Адрес сервера:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Па&amp;роль:</translation>
    </message>
    <message>
        <source>The password is kept in the operating system&apos;s keychain, never in the settings file. A change of mode takes effect when FleetWatch restarts.</source>
        <translation>Пароль хранится в связке ключей операционной системы, а не в файле настроек. Смена режима вступает в силу после перезапуска FleetWatch.</translation>
    </message>
    <message>
        <source>Enter the FleetWatch server&apos;s address (postgresql://...).</source>
        <translation>Введите адрес сервера FleetWatch (postgresql://...).</translation>
    </message>
    <message>
        <source>Server address: %1</source>
        <translation>Адрес сервера: %1</translation>
    </message>
    <message>
        <source>A FleetWatch server is a PostgreSQL database: the address starts with postgresql://.</source>
        <translation>Сервер FleetWatch — это база данных PostgreSQL: адрес начинается с postgresql://.</translation>
    </message>
    <message>
        <source>The address is not one FleetWatch understands: %1</source>
        <translation>FleetWatch не понимает этот адрес: %1</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Проверка соединения…</translation>
    </message>
    <message>
        <source>The server said: %1</source>
        <translation>Ответ сервера: %1</translation>
    </message>
</context>
<context>
    <name>fw::SessionSecrets</name>
    <message>
        <source>the keychain did not answer in time</source>
        <translation>хранилище паролей не ответило вовремя</translation>
    </message>
    <message>
        <source>Passwords cannot be kept in the keychain: %1. FleetWatch uses them until it closes; enter them again next time.</source>
        <translation>Пароли нельзя сохранить в хранилище паролей: %1. FleetWatch использует их до закрытия; в следующий раз введите их снова.</translation>
    </message>
</context>
<context>
    <name>fw::SettingsController</name>
    <message>
        <source>The fleet settings could not be saved in the database: %1</source>
        <translation>Не удалось сохранить настройки автопарка в базе данных: %1</translation>
    </message>
</context>
<context>
    <name>fw::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Разделы настроек</translation>
    </message>
    <message>
        <source>Listening ports</source>
        <translation>Порты приёма</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Протокол</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Транспорт</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Listen for %1</source>
        <translation>Принимать %1</translation>
    </message>
    <message>
        <source>Port for %1</source>
        <translation>Порт для %1</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>По умолчанию: %1</translation>
    </message>
    <message>
        <source>Each enabled protocol needs a port of its own. Ports below 1024 need administrator rights on most systems. Changes apply when the listeners restart.</source>
        <translation>Каждому включённому протоколу нужен собственный порт. Для портов ниже 1024 в большинстве систем нужны права администратора. Изменения вступают в силу после перезапуска приёмников.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>%1, minutes</source>
        <translation>%1, в минутах</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>%1, seconds</source>
        <translation>%1, в секундах</translation>
    </message>
    <message>
        <source>GPS freshness:</source>
        <translation>Актуальность GPS:</translation>
    </message>
    <message>
        <source>GPS freshness</source>
        <translation>Актуальность GPS</translation>
    </message>
    <message>
        <source>Default offline timeout:</source>
        <translation>Тайм-аут потери связи по умолчанию:</translation>
    </message>
    <message>
        <source>Default offline timeout</source>
        <translation>Тайм-аут потери связи по умолчанию</translation>
    </message>
    <message>
        <source>A device is &quot;online&quot; while its last valid fix is newer than the GPS freshness, and &quot;offline&quot; when nothing at all has arrived for its offline timeout (a device may set its own).</source>
        <translation>Устройство считается «на связи», пока его последняя достоверная фиксация новее срока актуальности GPS, и «не на связи», если за время тайм-аута потери связи от него вообще ничего не поступило (для устройства можно задать собственный тайм-аут).</translation>
    </message>
    <message>
        <source>&amp;SQLite file on this computer</source>
        <translation>Файл &amp;SQLite на этом компьютере</translation>
    </message>
    <message>
        <source>SQLite file</source>
        <translation>Файл SQLite</translation>
    </message>
    <message>
        <source>Default: fleetwatch.sqlite in the data folder</source>
        <translation>По умолчанию: fleetwatch.sqlite в папке данных</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <source>Choose the SQLite file</source>
        <translation>Выберите файл SQLite</translation>
    </message>
    <message>
        <source>&amp;PostgreSQL server (several operators, ingest nodes)</source>
        <translation>Сервер &amp;PostgreSQL (несколько операторов, узлы приёма данных)</translation>
    </message>
    <message>
        <source>PostgreSQL URL</source>
        <translation>URL PostgreSQL</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>The language changes when FleetWatch restarts.</source>
        <translation>Язык меняется после перезапуска FleetWatch.</translation>
    </message>
    <message>
        <source>Show a &amp;notification when a device goes offline or raises an alarm</source>
        <translation>Показывать &amp;уведомление, когда устройство теряет связь или подаёт тревогу</translation>
    </message>
    <message>
        <source>Play a &amp;sound with notifications</source>
        <translation>Воспроизводить &amp;звук при уведомлениях</translation>
    </message>
    <message>
        <source>SQLite Database</source>
        <translation>База данных SQLite</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation>Базы данных SQLite (*.sqlite *.db);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Port %1 is set for both %2 and %3: each protocol needs its own port.</source>
        <translation>Порт %1 задан и для %2, и для %3: каждому протоколу нужен собственный порт.</translation>
    </message>
    <message>
        <source>The GPS freshness must be at least 10 seconds.</source>
        <translation>Срок актуальности GPS должен быть не меньше 10 секунд.</translation>
    </message>
    <message>
        <source>The default offline timeout must be at least 30 seconds.</source>
        <translation>Тайм-аут потери связи по умолчанию должен быть не меньше 30 секунд.</translation>
    </message>
    <message>
        <source>Enter the PostgreSQL URL.</source>
        <translation>Введите URL PostgreSQL.</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>База данных: %1</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>бессрочно</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>Keep positions for</source>
        <translation>Хранить позиции</translation>
    </message>
    <message>
        <source>&amp;Keep positions for:</source>
        <translation>&amp;Хранить позиции:</translation>
    </message>
    <message>
        <source>Older positions are deleted in the background, a little at a time, without holding up incoming data.</source>
        <translation>Более старые позиции удаляются в фоновом режиме небольшими частями, не задерживая приём данных.</translation>
    </message>
    <message>
        <source>How SMS are sent</source>
        <translation>Способ отправки SMS</translation>
    </message>
    <message>
        <source>Show the text only (send it from a phone)</source>
        <translation>Только показать текст (отправить с телефона)</translation>
    </message>
    <message>
        <source>HTTP SMS gateway</source>
        <translation>HTTP-шлюз SMS</translation>
    </message>
    <message>
        <source>GSM modem on a serial port</source>
        <translation>GSM-модем на последовательном порту</translation>
    </message>
    <message>
        <source>Send SMS &amp;through:</source>
        <translation>Отправлять SMS &amp;через:</translation>
    </message>
    <message>
        <source>Gateway URL</source>
        <translation>URL шлюза</translation>
    </message>
    <message>
        <source>Gateway &amp;URL:</source>
        <translation>&amp;URL шлюза:</translation>
    </message>
    <message>
        <source>HTTP method</source>
        <translation>Метод HTTP</translation>
    </message>
    <message>
        <source>HTTP &amp;method:</source>
        <translation>&amp;Метод HTTP:</translation>
    </message>
    <message>
        <source>Modem serial port</source>
        <translation>Последовательный порт модема</translation>
    </message>
    <message>
        <source>Modem &amp;serial port:</source>
        <translation>&amp;Порт модема:</translation>
    </message>
    <message>
        <source>Modem speed</source>
        <translation>Скорость модема</translation>
    </message>
    <message>
        <source> baud</source>
        <translation> бод</translation>
    </message>
    <message>
        <source>Modem s&amp;peed:</source>
        <translation>С&amp;корость модема:</translation>
    </message>
    <message>
        <source>Device passwords are filled into the SMS text only when it is sent; they never appear in logs.</source>
        <translation>Пароли устройств подставляются в текст SMS только при отправке и никогда не попадают в журналы.</translation>
    </message>
    <message>
        <source>unchanged (kept in the keychain)</source>
        <translation>без изменений (хранится в хранилище паролей)</translation>
    </message>
    <message>
        <source>PostgreSQL password</source>
        <translation>Пароль PostgreSQL</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Па&amp;роль:</translation>
    </message>
    <message>
        <source>Passwords are kept in the operating system&apos;s keychain, never in the settings file. The database changes when FleetWatch restarts.</source>
        <translation>Пароли хранятся в хранилище паролей операционной системы, а не в файле настроек. База данных сменится после перезапуска FleetWatch.</translation>
    </message>
    <message>
        <source>Gateway password</source>
        <translation>Пароль шлюза</translation>
    </message>
    <message>
        <source>Gateway pass&amp;word:</source>
        <translation>Пароль &amp;шлюза:</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Address lookup service</source>
        <translation>Служба поиска адресов</translation>
    </message>
    <message>
        <source>none: reports show coordinates</source>
        <translation>нет: в отчётах координаты</translation>
    </message>
    <message>
        <source>&amp;Address lookup:</source>
        <translation>&amp;Поиск адресов:</translation>
    </message>
    <message>
        <source>Reports can show the street address of stops and trip ends, asked of a Nominatim-compatible service (give its URL). At most one place a second is asked, and every answer is kept on this computer, so a place is never asked twice.</source>
        <translation>Отчёты могут показывать адреса стоянок и концов поездок, полученные от службы, совместимой с Nominatim (укажите её URL). Запрашивается не больше одного места в секунду, а каждый ответ сохраняется на этом компьютере, поэтому одно место дважды не запрашивается.</translation>
    </message>
    <message>
        <source>Window mode</source>
        <translation>Режим окна</translation>
    </message>
    <message>
        <source>A FleetWatch node&apos;s SMS gateway</source>
        <translation>SMS-шлюз узла FleetWatch</translation>
    </message>
    <message>
        <source>With a node&apos;s SMS gateway, the command is queued in the shared database and a node started with --sms-gateway sends it.</source>
        <translation>При отправке через SMS-шлюз узла команда ставится в очередь в общей базе, и её отправляет узел, запущенный с --sms-gateway.</translation>
    </message>
</context>
<context>
    <name>fw::StatusNotifier</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>fw::TileSource</name>
    <message>
        <source>The tile could not be decoded.</source>
        <translation>Не удалось декодировать тайл.</translation>
    </message>
</context>
<context>
    <name>fw::TrackLayer</name>
    <message>
        <source>%1 km/h</source>
        <translation>%1 км/ч</translation>
    </message>
</context>
<context>
    <name>fw::TrackLoader</name>
    <message>
        <source>No database is configured.</source>
        <translation>База данных не настроена.</translation>
    </message>
</context>
<context>
    <name>fw::TroubleshooterDialog</name>
    <message>
        <source>Show &amp;raw frames</source>
        <translation>Показать &amp;необработанные пакеты</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>&amp;Проверить снова</translation>
    </message>
    <message>
        <source>Troubleshoot %1</source>
        <translation>Устранение неполадок: %1</translation>
    </message>
    <message>
        <source>Device troubleshooter</source>
        <translation>Устранение неполадок устройства</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Device %1</source>
        <translation>Устройство %1</translation>
    </message>
    <message>
        <source>Troubleshooting summary</source>
        <translation>Итог проверки</translation>
    </message>
    <message>
        <source>Troubleshooting steps</source>
        <translation>Шаги проверки</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Show the raw frames of this device</source>
        <translation>Показать необработанные пакеты этого устройства</translation>
    </message>
    <message>
        <source>Run the checks again</source>
        <translation>Выполнить проверки снова</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>Cannot be checked from here</source>
        <translation>Отсюда проверить нельзя</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Step %1, %2: %3</source>
        <translation>Шаг %1, %2: %3</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Что делать: %1</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Подтверждающие данные</translation>
    </message>
    <message>
        <source>No step found a problem.</source>
        <translation>Ни на одном шаге проблем не найдено.</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s) found a problem; start with step %1.</source>
        <translation>
            <numerusform>Проблема найдена на %n шаге; начните с шага %1.</numerusform>
            <numerusform>Проблема найдена на %n шагах; начните с шага %1.</numerusform>
            <numerusform>Проблема найдена на %n шагах; начните с шага %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fw::XyzTileSource</name>
    <message>
        <source>© OpenStreetMap contributors</source>
        <translation>© участники OpenStreetMap</translation>
    </message>
    <message>
        <source>No tile URL.</source>
        <translation>Не задан URL тайлов.</translation>
    </message>
</context>
<context>
    <name>fw::alerts</name>
    <message>
        <source>a rule needs a name (--name)</source>
        <translation>у правила должно быть название (--name)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a notification target (window, email:ADDRESS or webhook:URL)</source>
        <translation>«%1» не является получателем уведомлений (window, email:АДРЕС или webhook:URL)</translation>
    </message>
    <message>
        <source>--devices and --group exclude each other</source>
        <translation>--devices и --group исключают друг друга</translation>
    </message>
    <message>
        <source>--after needs a positive number of seconds</source>
        <translation>для --after нужно положительное число секунд</translation>
    </message>
    <message>
        <source>a %1 rule needs --after SECONDS</source>
        <translation>для правила %1 нужен параметр --after СЕКУНДЫ</translation>
    </message>
    <message>
        <source>--limit needs a speed in km/h</source>
        <translation>для --limit нужна скорость в км/ч</translation>
    </message>
    <message>
        <source>a status rule needs --status ID</source>
        <translation>для правила состояния нужен параметр --status ID</translation>
    </message>
    <message>
        <source>an alarm rule needs --alarm NAME|any</source>
        <translation>для правила тревоги нужен параметр --alarm ИМЯ|any</translation>
    </message>
    <message>
        <source>a low-battery rule needs --below PERCENT (1-100)</source>
        <translation>для правила низкого заряда батареи нужен параметр --below ПРОЦЕНТ (1-100)</translation>
    </message>
    <message>
        <source>a maintenance rule needs --every-km N or --every-hours N</source>
        <translation>для правила обслуживания нужен параметр --every-km N или --every-hours N</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>не удаётся прочитать %1</translation>
    </message>
    <message>
        <source>cannot record the change</source>
        <translation>не удаётся записать изменение</translation>
    </message>
    <message>
        <source>cannot read the configuration version</source>
        <translation>не удаётся прочитать версию конфигурации</translation>
    </message>
    <message>
        <source>cannot add geofences</source>
        <translation>не удаётся добавить геозоны</translation>
    </message>
    <message>
        <source>a geofence named &quot;%1&quot; exists already</source>
        <translation>геозона с названием «%1» уже существует</translation>
    </message>
    <message>
        <source>cannot add geofence &quot;%1&quot;</source>
        <translation>не удаётся добавить геозону «%1»</translation>
    </message>
    <message>
        <source>cannot read geofences</source>
        <translation>не удаётся прочитать геозоны</translation>
    </message>
    <message>
        <source>cannot remove geofence</source>
        <translation>не удаётся удалить геозону</translation>
    </message>
    <message>
        <source>cannot remove geofence &quot;%1&quot;</source>
        <translation>не удаётся удалить геозону «%1»</translation>
    </message>
    <message>
        <source>cannot add the rule</source>
        <translation>не удаётся добавить правило</translation>
    </message>
    <message>
        <source>a rule named &quot;%1&quot; exists already</source>
        <translation>правило с названием «%1» уже существует</translation>
    </message>
    <message>
        <source>cannot add rule &quot;%1&quot;</source>
        <translation>не удаётся добавить правило «%1»</translation>
    </message>
    <message>
        <source>cannot read rules</source>
        <translation>не удаётся прочитать правила</translation>
    </message>
    <message>
        <source>cannot remove the rule</source>
        <translation>не удаётся удалить правило</translation>
    </message>
    <message>
        <source>cannot remove rule &quot;%1&quot;</source>
        <translation>не удаётся удалить правило «%1»</translation>
    </message>
    <message>
        <source>cannot store alerts</source>
        <translation>не удаётся сохранить оповещения</translation>
    </message>
    <message>
        <source>cannot read alerts</source>
        <translation>не удаётся прочитать оповещения</translation>
    </message>
    <message>
        <source>cannot acknowledge alert %1</source>
        <translation>не удаётся подтвердить оповещение %1</translation>
    </message>
    <message>
        <source>cannot save the rule state</source>
        <translation>не удаётся сохранить состояние правила</translation>
    </message>
    <message>
        <source>cannot read the rule state</source>
        <translation>не удаётся прочитать состояние правила</translation>
    </message>
    <message>
        <source>%1 entered %2</source>
        <translation>%1: вход в геозону %2</translation>
    </message>
    <message>
        <source>%1 left %2</source>
        <translation>%1: выход из геозоны %2</translation>
    </message>
    <message>
        <source>%1 at %2 km/h, over the limit of %3 km/h</source>
        <translation>%1: скорость %2 км/ч, превышено ограничение %3 км/ч</translation>
    </message>
    <message>
        <source>%1 idle with the engine running for %2 min</source>
        <translation>%1: простой с работающим двигателем %2 мин</translation>
    </message>
    <message>
        <source>%1: ignition on</source>
        <translation>%1: зажигание включено</translation>
    </message>
    <message>
        <source>%1: ignition off</source>
        <translation>%1: зажигание выключено</translation>
    </message>
    <message>
        <source>%1: battery at %2%</source>
        <translation>%1: заряд батареи %2%</translation>
    </message>
    <message>
        <source>%1: alarm %2</source>
        <translation>%1: тревога %2</translation>
    </message>
    <message>
        <source>%1: maintenance due (every %2 km)</source>
        <translation>%1: пора пройти обслуживание (каждые %2 км)</translation>
    </message>
    <message>
        <source>%1: maintenance due (every %2 engine hours)</source>
        <translation>%1: пора пройти обслуживание (каждые %2 моточасов)</translation>
    </message>
    <message>
        <source>%1 is now %2</source>
        <translation>%1: новое состояние — %2</translation>
    </message>
    <message>
        <source>%1 offline: nothing received for %2 min</source>
        <translation>%1 не на связи: нет данных %2 мин</translation>
    </message>
</context>
<context>
    <name>fw::cli</name>
    <message>
        <source>fleetwatch: &apos;%1&apos; is not available yet
</source>
        <translation>fleetwatch: команда «%1» пока недоступна
</translation>
    </message>
    <message>
        <source>Fleet diagnosis at %1 (%2 device(s); live node(s): %3)
</source>
        <translation>Диагностика автопарка на %1 (устройств: %2; работающих узлов: %3)
</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>No problems found.
</source>
        <translation>Проблем не найдено.
</translation>
    </message>
    <message>
        <source>... (%1 more)</source>
        <translation>... (ещё %1)</translation>
    </message>
    <message>
        <source>devices: %1</source>
        <translation>устройства: %1</translation>
    </message>
    <message>
        <source>evidence: %1</source>
        <translation>подтверждающие данные: %1</translation>
    </message>
    <message>
        <source>action: %1</source>
        <translation>действие: %1</translation>
    </message>
    <message>
        <source>fleetwatch: %1 needs a positive number of seconds, got &quot;%2&quot;
</source>
        <translation>fleetwatch: для %1 нужно положительное число секунд, получено «%2»
</translation>
    </message>
    <message>
        <source>fleetwatch: cannot read %1
</source>
        <translation>fleetwatch: не удаётся прочитать %1
</translation>
    </message>
    <message>
        <source>fleetwatch: --bind &quot;%1&quot; is not an address
</source>
        <translation>fleetwatch: --bind «%1» не является адресом
</translation>
    </message>
    <message>
        <source>fleetwatch: --stats-interval needs seconds
</source>
        <translation>fleetwatch: для --stats-interval нужно указать секунды
</translation>
    </message>
    <message>
        <source>database not writable yet; will retry</source>
        <translation>база данных пока недоступна для записи; будет повторная попытка</translation>
    </message>
    <message>
        <source>fleetwatch: cannot follow device edits; a restart picks them up
</source>
        <translation>fleetwatch: не удаётся следить за изменениями устройств; они будут учтены после перезапуска
</translation>
    </message>
    <message>
        <source>fleetwatch: no port could be opened
</source>
        <translation>fleetwatch: не удалось открыть ни одного порта
</translation>
    </message>
    <message>
        <source>fleetwatch: listening on %1 port(s), database %2
</source>
        <translation>fleetwatch: приём на портах: %1, база данных %2
</translation>
    </message>
    <message>
        <source>fleetwatch: could not write everything before exiting: %1
</source>
        <translation>fleetwatch: перед выходом не удалось записать все данные: %1
</translation>
    </message>
    <message>
        <source>fleetwatch decode: unknown transport (use tcp, udp or http)
</source>
        <translation>fleetwatch decode: неизвестный транспорт (используйте tcp, udp или http)
</translation>
    </message>
    <message>
        <source>fleetwatch decode: give --hex HEX, --text TEXT or - (JSON lines on stdin)
</source>
        <translation>fleetwatch decode: укажите --hex HEX, --text TEXT или - (строки JSON на стандартном вводе)
</translation>
    </message>
    <message>
        <source>fleetwatch decode: cannot read standard input
</source>
        <translation>fleetwatch decode: не удаётся прочитать стандартный ввод
</translation>
    </message>
    <message>
        <source>fleetwatch identify: give a sample (hex, or text)
</source>
        <translation>fleetwatch identify: укажите образец (hex или текст)
</translation>
    </message>
    <message>
        <source>No known protocol accepts this sample.
</source>
        <translation>Ни один известный протокол не принимает этот образец.
</translation>
    </message>
    <message>
        <source>fleetwatch: %1 &quot;%2&quot; is not an ISO 8601 time
</source>
        <translation>fleetwatch: %1 «%2» не является временем в формате ISO 8601
</translation>
    </message>
    <message>
        <source>--offline-timeout needs a number of seconds</source>
        <translation>для --offline-timeout нужно указать число секунд</translation>
    </message>
    <message>
        <source>fleetwatch devices: add|import|list|edit|block|unblock|remove
</source>
        <translation>fleetwatch devices: add|import|list|edit|block|unblock|remove
</translation>
    </message>
    <message>
        <source>--id is required</source>
        <translation>требуется --id</translation>
    </message>
    <message>
        <source>fleetwatch devices import FILE.csv
</source>
        <translation>fleetwatch devices import ФАЙЛ.csv
</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>не удаётся прочитать %1: %2</translation>
    </message>
    <message>
        <source>imported %1 devices
</source>
        <translation>импортировано устройств: %1
</translation>
    </message>
    <message>
        <source>give a device id
</source>
        <translation>укажите ID устройства
</translation>
    </message>
    <message>
        <source>no device with id %1</source>
        <translation>нет устройства с ID %1</translation>
    </message>
    <message>
        <source>fleetwatch devices: unknown action &quot;%1&quot;
</source>
        <translation>fleetwatch devices: неизвестное действие «%1»
</translation>
    </message>
    <message>
        <source>Online %1, GPS outdated %2, Offline %3, Blocked %4, Not activated %5, total %6
</source>
        <translation>На связи: %1, GPS устарел: %2, не на связи: %3, заблокировано: %4, не активировано: %5, всего: %6
</translation>
    </message>
    <message>
        <source>fleetwatch export: cannot write to standard output
</source>
        <translation>fleetwatch export: не удаётся записать в стандартный вывод
</translation>
    </message>
    <message>
        <source>fleetwatch: --retention-days needs a number of days
</source>
        <translation>fleetwatch: для --retention-days нужно указать число дней
</translation>
    </message>
    <message>
        <source>%1: unknown option &quot;%2&quot;; did you mean &quot;%3&quot;?</source>
        <translation>%1: неизвестный параметр «%2»; может быть, «%3»?</translation>
    </message>
    <message>
        <source>%1: unknown option &quot;%2&quot; (see --help)</source>
        <translation>%1: неизвестный параметр «%2» (см. --help)</translation>
    </message>
    <message>
        <source>%1: unexpected argument &quot;%2&quot;</source>
        <translation>%1: лишний аргумент «%2»</translation>
    </message>
    <message>
        <source>fleetwatch: %1 needs a value</source>
        <translation>fleetwatch: для %1 нужно значение</translation>
    </message>
    <message>
        <source>fleetwatch: unknown command &quot;%1&quot;; did you mean &quot;%2&quot;?</source>
        <translation>fleetwatch: неизвестная команда «%1»; может быть, «%2»?</translation>
    </message>
    <message>
        <source>fleetwatch: unknown command &quot;%1&quot; (commands: %2)</source>
        <translation>fleetwatch: неизвестная команда «%1» (команды: %2)</translation>
    </message>
    <message>
        <source>fleetwatch: warning: %1 is not a valid IMEI (the check digit would be %2); registered as the id the tracker sends
</source>
        <translation>fleetwatch: предупреждение: %1 не является корректным IMEI (контрольная цифра должна быть %2); зарегистрирован как ID, который передаёт трекер
</translation>
    </message>
    <message>
        <source>fleetwatch report: %1 needs a number of at least 0, not &quot;%2&quot;
</source>
        <translation>fleetwatch report: %1 требует число не меньше 0, а не «%2»
</translation>
    </message>
    <message>
        <source>fleetwatch report: choose one of --device ID, --group G or --all
</source>
        <translation>fleetwatch report: укажите одно из --device ID, --group G или --all
</translation>
    </message>
    <message>
        <source>fleetwatch report: --from and --to are needed, --to after --from
</source>
        <translation>fleetwatch report: нужны --from и --to, причём --to позже --from
</translation>
    </message>
    <message>
        <source>fleetwatch report: no device &quot;%1&quot;
</source>
        <translation>fleetwatch report: нет устройства «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch report: cannot write %1: %2
</source>
        <translation>fleetwatch report: не удаётся записать %1: %2
</translation>
    </message>
    <message>
        <source>fleetwatch: %1 needs a number, got &quot;%2&quot;
</source>
        <translation>fleetwatch: для %1 нужно число, получено «%2»
</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>fleetwatch geofences add: give one of --circle LAT,LON,RADIUS_M, --polygon &quot;LAT LON, ...&quot; or --corridor &quot;LAT LON, ...&quot; --width M
</source>
        <translation>fleetwatch geofences add: укажите один из параметров --circle ШИР,ДОЛ,РАДИУС_М, --polygon &quot;ШИР ДОЛ, ...&quot; или --corridor &quot;ШИР ДОЛ, ...&quot; --width М
</translation>
    </message>
    <message>
        <source>fleetwatch geofences add: --circle needs LAT,LON,RADIUS_M, got &quot;%1&quot;
</source>
        <translation>fleetwatch geofences add: для --circle нужно ШИР,ДОЛ,РАДИУС_М, получено «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch geofences add: %1 needs &quot;LAT LON, LAT LON, ...&quot;
</source>
        <translation>fleetwatch geofences add: для %1 нужно &quot;ШИР ДОЛ, ШИР ДОЛ, ...&quot;
</translation>
    </message>
    <message>
        <source>added geofence %1
</source>
        <translation>добавлена геозона %1
</translation>
    </message>
    <message>
        <source>fleetwatch geofences import FILE (GeoJSON, KML or GPX) [--width M]
</source>
        <translation>fleetwatch geofences import ФАЙЛ (GeoJSON, KML или GPX) [--width М]
</translation>
    </message>
    <message>
        <source>imported %1 geofences
</source>
        <translation>импортировано геозон: %1
</translation>
    </message>
    <message>
        <source>fleetwatch geofences: add|import|list|remove
</source>
        <translation>fleetwatch geofences: add|import|list|remove
</translation>
    </message>
    <message>
        <source>fleetwatch geofences remove NAME
</source>
        <translation>fleetwatch geofences remove НАЗВАНИЕ
</translation>
    </message>
    <message>
        <source>fleetwatch geofences remove: no geofence named &quot;%1&quot;
</source>
        <translation>fleetwatch geofences remove: нет геозоны с названием «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch geofences: unknown action &quot;%1&quot;
</source>
        <translation>fleetwatch geofences: неизвестное действие «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch rules: add|list|remove
</source>
        <translation>fleetwatch rules: add|list|remove
</translation>
    </message>
    <message>
        <source>fleetwatch rules add: --type must be one of %1
</source>
        <translation>fleetwatch rules add: --type должен быть одним из: %1
</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a status id</source>
        <translation>«%1» не является ID состояния</translation>
    </message>
    <message>
        <source>no geofence named &quot;%1&quot;</source>
        <translation>нет геозоны с названием «%1»</translation>
    </message>
    <message>
        <source>added rule %1
</source>
        <translation>добавлено правило %1
</translation>
    </message>
    <message>
        <source>fleetwatch rules remove NAME
</source>
        <translation>fleetwatch rules remove НАЗВАНИЕ
</translation>
    </message>
    <message>
        <source>fleetwatch rules remove: no rule named &quot;%1&quot;
</source>
        <translation>fleetwatch rules remove: нет правила с названием «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch rules: unknown action &quot;%1&quot;
</source>
        <translation>fleetwatch rules: неизвестное действие «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch alerts ack ID [--note TEXT]
</source>
        <translation>fleetwatch alerts ack ID [--note ТЕКСТ]
</translation>
    </message>
    <message>
        <source>fleetwatch alerts ack: &quot;%1&quot; is not an alert id
</source>
        <translation>fleetwatch alerts ack: «%1» не является ID оповещения
</translation>
    </message>
    <message>
        <source>fleetwatch alerts ack: no alert %1
</source>
        <translation>fleetwatch alerts ack: нет оповещения %1
</translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation>подтверждено: %1</translation>
    </message>
    <message>
        <source>fleetwatch report: --geocoder needs an http(s) URL, got &quot;%1&quot;
</source>
        <translation>fleetwatch report: для --geocoder нужен URL http(s), получено «%1»
</translation>
    </message>
    <message numerus="yes">
        <source>fleetwatch report: looking up %n place(s), about one a second
</source>
        <translation>
            <numerusform>fleetwatch report: поиск адреса для %n места, примерно одно в секунду
</numerusform>
            <numerusform>fleetwatch report: поиск адресов для %n мест, примерно одно в секунду
</numerusform>
            <numerusform>fleetwatch report: поиск адресов для %n мест, примерно одно в секунду
</numerusform>
        </translation>
    </message>
    <message>
        <source>fleetwatch report: say which report: trips, stops, summary, events or geofences
</source>
        <translation>fleetwatch report: укажите отчёт: trips, stops, summary, events или geofences
</translation>
    </message>
    <message>
        <source>fleetwatch report: --format json, csv or pdf, not &quot;%1&quot;
</source>
        <translation>fleetwatch report: --format может быть json, csv или pdf, а не «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch report: a PDF report needs --output FILE
</source>
        <translation>fleetwatch report: для отчёта PDF нужен параметр --output ФАЙЛ
</translation>
    </message>
    <message>
        <source>fleetwatch report: this build cannot write PDF
</source>
        <translation>fleetwatch report: эта сборка не умеет записывать PDF
</translation>
    </message>
    <message>
        <source>fleetwatch: %1 needs a number of seconds, got &quot;%2&quot;
</source>
        <translation>fleetwatch: для %1 нужно число секунд, получено «%2»
</translation>
    </message>
    <message>
        <source>fleetwatch: alert %1: %2
</source>
        <translation>fleetwatch: оповещение %1: %2
</translation>
    </message>
    <message>
        <source>fleetwatch export: --format csv|gpx|geojson|kml is required
</source>
        <translation>fleetwatch export: требуется --format csv|gpx|geojson|kml
</translation>
    </message>
    <message>
        <source>fleetwatch: --node-id needs a name
</source>
        <translation>fleetwatch: для --node-id нужно имя
</translation>
    </message>
    <message>
        <source>fleetwatch watch: --device needs a device id
</source>
        <translation>fleetwatch watch: для --device нужен ID устройства
</translation>
    </message>
    <message>
        <source>fleetwatch watch: needs a PostgreSQL database (--db postgresql://USER@HOST/DB): it follows the notifications the nodes send there; %1 is not one
</source>
        <translation>fleetwatch watch: нужна база PostgreSQL (--db postgresql://USER@HOST/DB): команда следит за уведомлениями, которые туда отправляют узлы; %1 — не такая база
</translation>
    </message>
    <message>
        <source>fleetwatch watch: connected again, caught up
</source>
        <translation>fleetwatch watch: соединение восстановлено, пропущенное получено
</translation>
    </message>
    <message>
        <source>fleetwatch watch: lost the database (%1); reconnecting
</source>
        <translation>fleetwatch watch: связь с базой потеряна (%1); переподключение
</translation>
    </message>
    <message>
        <source>fleetwatch watch: following %1 from change %2
</source>
        <translation>fleetwatch watch: слежение за %1 с изменения %2
</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>молчит</translation>
    </message>
    <message>
        <source>%1 connections, %2 positions/s</source>
        <translation>подключений: %1, позиций/с: %2</translation>
    </message>
    <message>
        <source>No ingest node has reported to this database.
</source>
        <translation>Ни один узел приёма не отчитывался в эту базу.
</translation>
    </message>
    <message>
        <source>fleetwatch db init | grant node|operator|viewer LOGIN [--groups G1,G2] | revoke LOGIN | access [--json]   (--db postgresql://ADMIN@HOST/DB)
</source>
        <translation>fleetwatch db init | grant node|operator|viewer LOGIN [--groups G1,G2] | revoke LOGIN | access [--json]   (--db postgresql://ADMIN@HOST/DB)
</translation>
    </message>
    <message>
        <source>this login may not change devices (%1)</source>
        <translation>этому логину нельзя изменять устройства (%1)</translation>
    </message>
    <message>
        <source>this login may not change geofences (%1)</source>
        <translation>этому логину нельзя изменять геозоны (%1)</translation>
    </message>
    <message>
        <source>this login may not change alert rules (%1)</source>
        <translation>этому логину нельзя изменять правила оповещений (%1)</translation>
    </message>
    <message>
        <source>this login may not acknowledge alerts (%1)</source>
        <translation>этому логину нельзя подтверждать оповещения (%1)</translation>
    </message>
    <message>
        <source>this login may change only devices of the groups %1 (give --group)</source>
        <translation>этот логин может изменять только устройства групп %1 (укажите --group)</translation>
    </message>
    <message>
        <source>schema version %1 and roles fleetwatch_node, fleetwatch_operator, fleetwatch_viewer ready on %2
</source>
        <translation>версия схемы %1 и роли fleetwatch_node, fleetwatch_operator, fleetwatch_viewer готовы в %2
</translation>
    </message>
    <message>
        <source>fleetwatch db grant: --groups needs one or more group names
</source>
        <translation>fleetwatch db grant: для --groups нужно одно или несколько имён групп
</translation>
    </message>
    <message>
        <source>fleetwatch db grant node|operator|viewer LOGIN [--groups G1,G2]
</source>
        <translation>fleetwatch db grant node|operator|viewer LOGIN [--groups G1,G2]
</translation>
    </message>
    <message>
        <source>fleetwatch db grant: unknown role &quot;%1&quot; (node, operator or viewer)
</source>
        <translation>fleetwatch db grant: неизвестная роль «%1» (node, operator или viewer)
</translation>
    </message>
    <message>
        <source>%1 is now a FleetWatch %2 and sees every device
</source>
        <translation>%1 теперь имеет роль FleetWatch %2 и видит все устройства
</translation>
    </message>
    <message>
        <source>%1 is now a FleetWatch %2 and sees only the devices of %3
</source>
        <translation>%1 теперь имеет роль FleetWatch %2 и видит только устройства групп %3
</translation>
    </message>
    <message>
        <source>fleetwatch db revoke LOGIN
</source>
        <translation>fleetwatch db revoke LOGIN
</translation>
    </message>
    <message>
        <source>%1 is no longer a member of any FleetWatch role
</source>
        <translation>%1 больше не входит ни в одну роль FleetWatch
</translation>
    </message>
    <message>
        <source>login %1: %2; devices: %3
</source>
        <translation>логин %1: %2; устройства: %3
</translation>
    </message>
    <message>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <source>no device with id %1 in the groups this login sees (%2)</source>
        <translation>нет устройства с ID %1 в группах, видимых этому логину (%2)</translation>
    </message>
    <message>
        <source>this login may not send commands (%1)</source>
        <translation>этому логину нельзя отправлять команды (%1)</translation>
    </message>
    <message>
        <source>fleetwatch command types [--device ID] [--json] | send ID --type TYPE [--param K=V]... [--via auto|gprs|sms] [--wait SECONDS] [--json] | list [--device ID] [--json]
</source>
        <translation>fleetwatch command types [--device ID] [--json] | send ID --type TYPE [--param K=V]... [--via auto|gprs|sms] [--wait SECONDS] [--json] | list [--device ID] [--json]
</translation>
    </message>
    <message>
        <source>fleetwatch command types: --device needs a device id
</source>
        <translation>fleetwatch command types: для --device нужен ID устройства
</translation>
    </message>
    <message>
        <source>fleetwatch command types: no device &quot;%1&quot;
</source>
        <translation>fleetwatch command types: нет устройства «%1»
</translation>
    </message>
    <message>
        <source>--type TYPE is required (see `fleetwatch command types`)</source>
        <translation>нужен параметр --type TYPE (см. `fleetwatch command types`)</translation>
    </message>
    <message>
        <source>unknown command type &quot;%1&quot; (types: %2)</source>
        <translation>неизвестный тип команды «%1» (типы: %2)</translation>
    </message>
    <message>
        <source>unknown command type &quot;%1&quot;; did you mean &quot;%2&quot;?</source>
        <translation>неизвестный тип команды «%1»; может быть, «%2»?</translation>
    </message>
    <message>
        <source>%1 takes no parameter &quot;%2&quot; (it takes: %3)</source>
        <translation>у %1 нет параметра «%2» (есть: %3)</translation>
    </message>
    <message>
        <source>--via takes auto, gprs or sms, not &quot;%1&quot;</source>
        <translation>--via принимает auto, gprs или sms, а не «%1»</translation>
    </message>
    <message>
        <source>--wait needs a number of seconds, got &quot;%1&quot;</source>
        <translation>для --wait нужно число секунд, получено «%1»</translation>
    </message>
    <message>
        <source>which device? Give its id</source>
        <translation>какое устройство? Укажите его ID</translation>
    </message>
    <message>
        <source>no device &quot;%1&quot;</source>
        <translation>нет устройства «%1»</translation>
    </message>
    <message>
        <source>%1 cannot be sent %2 (see `fleetwatch command types --device %1`)</source>
        <translation>%1 нельзя отправить %2 (см. `fleetwatch command types --device %1`)</translation>
    </message>
    <message>
        <source>%1 has no GPRS form for %2; use --via sms</source>
        <translation>у %1 нет GPRS-формы для %2; используйте --via sms</translation>
    </message>
    <message>
        <source>command %1: %2</source>
        <translation>команда %1: %2</translation>
    </message>
    <message>
        <source> (node %1)</source>
        <translation> (узел %1)</translation>
    </message>
    <message>
        <source>fleetwatch command list: --device needs a device id
</source>
        <translation>fleetwatch command list: для --device нужен ID устройства
</translation>
    </message>
    <message>
        <source>fleetwatch: --raw-frames needs a number of frames from 0 to 1000
</source>
        <translation>fleetwatch: для --raw-frames нужно число кадров от 0 до 1000
</translation>
    </message>
    <message>
        <source>Usage: fleetwatch [--demo]                  open the desktop window
       fleetwatch --connect postgresql://...  a window on a FleetWatch server
       fleetwatch --headless [options]      run an ingest node without a window
       fleetwatch decode [--protocol NAME|auto] [--transport tcp|udp|http]
                         (--hex HEX | --text TEXT | -)
       fleetwatch identify PAYLOAD          rank the protocols that accept a sample
       fleetwatch devices add|import|list|edit|block|unblock|remove ...
       fleetwatch status [--json]           statuses and dashboard counts
       fleetwatch export [--device ID] [--from T] [--to T] --format csv|gpx|geojson|kml
       fleetwatch events [--device ID] [--from T] [--to T] [--json]
       fleetwatch report trips|stops|summary|events|geofences
                 (--device ID | --group G | --all) --from T --to T
                 [--format json|csv|pdf] [--output FILE] [--daily]
                 [--speed-threshold KPH] [--min-stop SECONDS] [--min-trip-distance M]
                 [--geocoder URL]
       fleetwatch geofences add --name NAME (--circle LAT,LON,RADIUS_M |
                 --polygon &quot;LAT LON, ...&quot; | --corridor &quot;LAT LON, ...&quot; --width M)
                 [--speed-limit KPH] [--group G | --devices ID,...]
       fleetwatch geofences import FILE [--width M] | list [--json] | remove NAME
       fleetwatch rules add --name NAME --type TYPE [--geofence NAME] [--limit KPH]
                 [--after SECONDS] [--status ID] [--alarm NAME|any] [--below PERCENT]
                 [--every-km N | --every-hours N] [--devices ID,... | --group G]
                 [--notify window|email:ADDRESS|webhook:URL]...
       fleetwatch rules list [--json] | remove NAME
       fleetwatch alerts [--from T] [--to T] [--device ID] [--json]
       fleetwatch alerts ack ID [--note TEXT]
       fleetwatch diagnose [--json]         fleet diagnosis findings
       fleetwatch protocols [--json]        supported protocols and default ports
       fleetwatch watch [--json] [--positions] [--device ID]
                 follow the changes the nodes commit, one line each (PostgreSQL)
       fleetwatch nodes [--json]            ingest nodes on this database: alive, ports
       fleetwatch command types [--device ID] [--json]
       fleetwatch command send ID --type TYPE [--param K=V]... [--via auto|gprs|sms]
                 [--wait SECONDS] [--json]  queued for the node holding the device
       fleetwatch command list [--device ID] [--json]
       fleetwatch db init               tables, roles, row-level security (PostgreSQL)
       fleetwatch db grant node|operator|viewer LOGIN [--groups G1,G2]
       fleetwatch db revoke LOGIN | db access [--json]
       fleetwatch --version | --help

Global options:
  --db URL        sqlite:PATH (default: fleetwatch.sqlite in the user data folder)
                  or postgresql://USER[:PASS]@HOST[:PORT]/DB
                  [?sslmode=require|verify-full&amp;sslrootcert=FILE]
  --config FILE   settings file; command-line options win

Headless options:
  --listen NAME=PORT      listen for protocol NAME on PORT (repeatable)
  --bind ADDR             address to bind (default: all interfaces)
  --register-unknown      register unknown device ids automatically
  --gps-freshness SECONDS default 300
  --offline-timeout SECONDS default 600
  --stats-interval SECONDS print a stats line every N seconds (0 = only at exit)
  --retention-days N      keep positions N days (0 = forever); a fleet setting
  --aprs-is HOST:PORT     also take stations from an APRS-IS server as a client
  --aprs-callsign CALL    login for --aprs-is (default N0CALL, receive only)
  --aprs-filter FILTER    APRS-IS server filter, e.g. r/52.2/21.0/100
  --node-id NAME          this node&apos;s name in a shared database (default: host name)
  --raw-frames N          raw frames kept per device in a shared (PostgreSQL)
                          database for connected windows (default 20, 0 = none)
  --sms-gateway URL       send queued SMS commands through this HTTP gateway
                          ({phone} and {text} are filled in)
  --sms-method get|post   the gateway&apos;s HTTP method (default get)
  --sms-body TEMPLATE     POST body with {phone} and {text}
  --no-alerts             do not evaluate alert rules on this node
  --alert-dwell SECONDS   a geofence change must hold this long (default 20)
  --alert-rate-limit SECONDS least time between alerts of one device and rule (default 60)
Rules&apos; e-mail targets go through the SMTP server of the --config file (or the
window&apos;s settings): [smtp] host, port, user, starttls, from; the password is
read from the environment variable FW_SMTP_PASSWORD. The SMS gateway&apos;s
Authorization header, if it needs one, from FW_SMS_AUTHORIZATION.
</source>
        <translation>Использование: fleetwatch [--demo]                  открыть окно программы
               fleetwatch --connect postgresql://...  окно, подключённое к серверу FleetWatch
               fleetwatch --headless [options]      запустить узел приёма данных без окна
               fleetwatch decode [--protocol NAME|auto] [--transport tcp|udp|http]
                                 (--hex HEX | --text TEXT | -)
               fleetwatch identify PAYLOAD          ранжировать протоколы, принимающие образец
               fleetwatch devices add|import|list|edit|block|unblock|remove ...
               fleetwatch status [--json]           состояния и счётчики сводки
               fleetwatch export [--device ID] [--from T] [--to T] --format csv|gpx|geojson|kml
               fleetwatch events [--device ID] [--from T] [--to T] [--json]
               fleetwatch report trips|stops|summary|events|geofences
                         (--device ID | --group G | --all) --from T --to T
                         [--format json|csv|pdf] [--output FILE] [--daily]
                         [--speed-threshold KPH] [--min-stop SECONDS] [--min-trip-distance M]
                         [--geocoder URL]
               fleetwatch geofences add --name NAME (--circle LAT,LON,RADIUS_M |
                         --polygon &quot;LAT LON, ...&quot; | --corridor &quot;LAT LON, ...&quot; --width M)
                         [--speed-limit KPH] [--group G | --devices ID,...]
               fleetwatch geofences import FILE [--width M] | list [--json] | remove NAME
               fleetwatch rules add --name NAME --type TYPE [--geofence NAME] [--limit KPH]
                         [--after SECONDS] [--status ID] [--alarm NAME|any] [--below PERCENT]
                         [--every-km N | --every-hours N] [--devices ID,... | --group G]
                         [--notify window|email:ADDRESS|webhook:URL]...
               fleetwatch rules list [--json] | remove NAME
               fleetwatch alerts [--from T] [--to T] [--device ID] [--json]
               fleetwatch alerts ack ID [--note TEXT]
               fleetwatch diagnose [--json]         результаты диагностики автопарка
               fleetwatch protocols [--json]        поддерживаемые протоколы и порты по умолчанию
               fleetwatch watch [--json] [--positions] [--device ID]
                         следить за изменениями, которые фиксируют узлы, по строке на изменение (PostgreSQL)
               fleetwatch nodes [--json]            узлы приёма в этой базе: активность, порты
               fleetwatch command types [--device ID] [--json]
               fleetwatch command send ID --type TYPE [--param K=V]... [--via auto|gprs|sms]
                         [--wait SECONDS] [--json]  в очередь узлу, к которому подключено устройство
               fleetwatch command list [--device ID] [--json]
               fleetwatch db init               таблицы, роли, защита на уровне строк (PostgreSQL)
               fleetwatch db grant node|operator|viewer LOGIN [--groups G1,G2]
               fleetwatch db revoke LOGIN | db access [--json]
               fleetwatch --version | --help

Общие параметры:
  --db URL        sqlite:PATH (по умолчанию: fleetwatch.sqlite в папке данных пользователя)
                  или postgresql://USER[:PASS]@HOST[:PORT]/DB
                  [?sslmode=require|verify-full&amp;sslrootcert=FILE]
  --config FILE   файл настроек; параметры командной строки имеют приоритет

Параметры режима без окна (--headless):
  --listen NAME=PORT      принимать протокол NAME на порту PORT (можно повторять)
  --bind ADDR             адрес для привязки (по умолчанию: все интерфейсы)
  --register-unknown      автоматически регистрировать неизвестные ID устройств
  --gps-freshness SECONDS по умолчанию 300
  --offline-timeout SECONDS по умолчанию 600
  --stats-interval SECONDS выводить строку статистики каждые N секунд (0 = только при выходе)
  --retention-days N      хранить позиции N дней (0 = бессрочно); настройка автопарка
  --aprs-is HOST:PORT     также получать станции с сервера APRS-IS в качестве клиента
  --aprs-callsign CALL    логин для --aprs-is (по умолчанию N0CALL, только приём)
  --aprs-filter FILTER    фильтр сервера APRS-IS, например r/52.2/21.0/100
  --node-id NAME          имя этого узла в общей базе (по умолчанию: имя компьютера)
  --raw-frames N          сколько сырых кадров устройства хранить в общей базе (PostgreSQL)
                          для подключённых окон (по умолчанию 20, 0 = не хранить)
  --sms-gateway URL       отправлять SMS-команды из очереди через этот HTTP-шлюз
                          (подставляются {phone} и {text})
  --sms-method get|post   HTTP-метод шлюза (по умолчанию get)
  --sms-body TEMPLATE     тело POST-запроса с {phone} и {text}
  --no-alerts             не проверять правила оповещений на этом узле
  --alert-dwell SECONDS   сколько должно длиться изменение по геозоне (по умолчанию 20)
  --alert-rate-limit SECONDS минимальный интервал между оповещениями одного устройства по одному правилу (по умолчанию 60)
Письма получателям e-mail из правил отправляются через SMTP-сервер из файла --config
(или из настроек окна): [smtp] host, port, user, starttls, from; пароль
берётся из переменной окружения FW_SMTP_PASSWORD. Заголовок Authorization
для SMS-шлюза, если он нужен, берётся из FW_SMS_AUTHORIZATION.
</translation>
    </message>
    <message>
        <source>%1 has no SMS form for %2</source>
        <translation>у %1 нет SMS-формы для %2</translation>
    </message>
    <message>
        <source>%1 has no phone number to send an SMS to (devices edit %1 --phone ...)</source>
        <translation>у %1 нет номера телефона для SMS (devices edit %1 --phone ...)</translation>
    </message>
    <message>
        <source>fleetwatch: --sms-gateway needs an http:// or https:// URL
</source>
        <translation>fleetwatch: для --sms-gateway нужен URL http:// или https://
</translation>
    </message>
    <message>
        <source>fleetwatch: --sms-method takes get or post, not &quot;%1&quot;
</source>
        <translation>fleetwatch: --sms-method принимает get или post, а не «%1»
</translation>
    </message>
    <message>
        <source>fleetwatch: --sms-method and --sms-body need --sms-gateway
</source>
        <translation>fleetwatch: для --sms-method и --sms-body нужен --sms-gateway
</translation>
    </message>
</context>
<context>
    <name>fw::commands</name>
    <message>
        <source>Stop engine</source>
        <translation>Заглушить двигатель</translation>
    </message>
    <message>
        <source>Resume engine</source>
        <translation>Разрешить запуск двигателя</translation>
    </message>
    <message>
        <source>Request position</source>
        <translation>Запросить позицию</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>Перезагрузить</translation>
    </message>
    <message>
        <source>Set reporting interval</source>
        <translation>Задать интервал передачи данных</translation>
    </message>
    <message>
        <source>Set server address and port</source>
        <translation>Задать адрес сервера и порт</translation>
    </message>
    <message>
        <source>Ask to connect to the server</source>
        <translation>Запросить подключение к серверу</translation>
    </message>
    <message>
        <source>Custom command</source>
        <translation>Произвольная команда</translation>
    </message>
    <message>
        <source>The device connected to %1, port %2. It stays connected for about 10 minutes: send what you need now.</source>
        <translation>Устройство подключилось к %1, порт %2. Оно остаётся на связи около 10 минут: отправьте всё необходимое сейчас.</translation>
    </message>
    <message>
        <source>Device %3 connected to %1, port %2. It stays connected for about 10 minutes: send what you need now.</source>
        <translation>Устройство %3 подключилось к %1, порт %2. Оно остаётся на связи около 10 минут: отправьте всё необходимое сейчас.</translation>
    </message>
    <message>
        <source>The device has no APN configured, so it cannot use mobile data. Set the APN of its SIM card&apos;s operator, then ask again.</source>
        <translation>В устройстве не настроен APN, поэтому оно не может использовать мобильную передачу данных. Укажите APN оператора SIM-карты и отправьте запрос снова.</translation>
    </message>
    <message>
        <source>The device could not get onto the internet: wrong APN or credentials, no data plan or credit, or no coverage. Check the SIM&apos;s mobile data, then ask again.</source>
        <translation>Устройству не удалось выйти в интернет: неверный APN или учётные данные, нет тарифа на передачу данных или денег на счёте либо нет покрытия. Проверьте мобильную передачу данных на SIM-карте и отправьте запрос снова.</translation>
    </message>
    <message>
        <source>The device rejected the password in the command. Check the device password stored for it.</source>
        <translation>Устройство отклонило пароль в команде. Проверьте пароль, сохранённый для этого устройства.</translation>
    </message>
    <message>
        <source>The device accepted the new server address. It should connect within a few minutes; if it does not, check its APN.</source>
        <translation>Устройство приняло новый адрес сервера. Оно должно подключиться в течение нескольких минут; если этого не произойдёт, проверьте его APN.</translation>
    </message>
    <message>
        <source>The device accepted the APN.</source>
        <translation>Устройство приняло APN.</translation>
    </message>
    <message>
        <source>The device confirms the engine is cut off.</source>
        <translation>Устройство подтверждает, что двигатель отключён.</translation>
    </message>
    <message>
        <source>The device confirms the engine is enabled again.</source>
        <translation>Устройство подтверждает, что запуск двигателя снова разрешён.</translation>
    </message>
    <message>
        <source>The device accepted the new reporting interval.</source>
        <translation>Устройство приняло новый интервал передачи данных.</translation>
    </message>
    <message>
        <source>The device is restarting; it should reconnect within a few minutes.</source>
        <translation>Устройство перезагружается; оно должно снова подключиться в течение нескольких минут.</translation>
    </message>
    <message>
        <source>The device answered with its position.</source>
        <translation>Устройство ответило своей позицией.</translation>
    </message>
    <message>
        <source>The device refused the command: &quot;%1&quot;. Check its spelling for this model.</source>
        <translation>Устройство отклонило команду: «%1». Проверьте её написание для этой модели.</translation>
    </message>
    <message>
        <source>The device acknowledged the command.</source>
        <translation>Устройство подтвердило получение команды.</translation>
    </message>
    <message>
        <source>This reply is not one FleetWatch recognises: &quot;%1&quot;.</source>
        <translation>FleetWatch не распознаёт этот ответ: «%1».</translation>
    </message>
    <message>
        <source>Not a phone number: %1</source>
        <translation>Это не номер телефона: %1</translation>
    </message>
    <message>
        <source>The SMS gateway is not configured.</source>
        <translation>SMS-шлюз не настроен.</translation>
    </message>
    <message>
        <source>The SMS gateway URL is not valid.</source>
        <translation>Недопустимый URL SMS-шлюза.</translation>
    </message>
    <message>
        <source>The SMS gateway did not answer in time.</source>
        <translation>SMS-шлюз не ответил вовремя.</translation>
    </message>
    <message>
        <source>The SMS gateway answered HTTP %1: %2</source>
        <translation>SMS-шлюз ответил HTTP %1: %2</translation>
    </message>
    <message>
        <source>The SMS gateway could not be reached: %1</source>
        <translation>Не удаётся связаться с SMS-шлюзом: %1</translation>
    </message>
    <message>
        <source>The SMS text is empty.</source>
        <translation>Текст SMS пуст.</translation>
    </message>
    <message>
        <source>The modem is not open.</source>
        <translation>Модем не открыт.</translation>
    </message>
    <message>
        <source>The modem refused the message: %1</source>
        <translation>Модем отклонил сообщение: %1</translation>
    </message>
    <message>
        <source>The modem did not answer in time (waiting after %1).</source>
        <translation>Модем не ответил вовремя (ожидание после %1).</translation>
    </message>
</context>
<context>
    <name>fw::diagnostics</name>
    <message>
        <source>&lt;server address&gt;</source>
        <translation>&lt;адрес сервера&gt;</translation>
    </message>
    <message>
        <source>&lt;password&gt;</source>
        <translation>&lt;пароль&gt;</translation>
    </message>
    <message>
        <source>Set the server address %1 and port %2 in the device (vendor tool or manual), together with the APN of its SIM card.</source>
        <translation>Укажите в устройстве адрес сервера %1 и порт %2 (с помощью программы производителя или по инструкции), а также APN его SIM-карты.</translation>
    </message>
    <message>
        <source>Configure it by SMS: &quot;%1&quot; (with the device password), and make sure the APN of its SIM card is set.</source>
        <translation>Настройте его по SMS: «%1» (с паролем устройства) и убедитесь, что для его SIM-карты задан APN.</translation>
    </message>
    <message>
        <source>Has the server received any bytes from this device?</source>
        <translation>Получал ли сервер от этого устройства хоть какие-то данные?</translation>
    </message>
    <message>
        <source>Yes: %1 frames (%2 by its id, %3 from its last address); the newest arrived at %4 on port %5 from %6.</source>
        <translation>Да: пакетов — %1 (%2 по его ID, %3 с его последнего адреса); последний получен в %4 на порт %5 с адреса %6.</translation>
    </message>
    <message>
        <source>Yes: the last frame arrived at %1; the raw log no longer holds it.</source>
        <translation>Да: последний пакет получен в %1; в журнале необработанных пакетов его уже нет.</translation>
    </message>
    <message>
        <source>No: nothing carrying id %1 has arrived on any port.</source>
        <translation>Нет: ничего с ID %1 не поступало ни на один порт.</translation>
    </message>
    <message>
        <source>No: nothing carrying id %1 and nothing from its last address %2 has arrived.</source>
        <translation>Нет: не поступало ничего с ID %1 и ничего с его последнего адреса %2.</translation>
    </message>
    <message>
        <source>The device does not reach the server. Check its server address and port (step 5), that it has mobile data (APN, credit, coverage), and that the port is reachable from outside (step 6).</source>
        <translation>Устройство не связывается с сервером. Проверьте адрес сервера и порт в его настройках (шаг 5), наличие мобильной передачи данных (APN, баланс, покрытие) и доступность порта извне (шаг 6).</translation>
    </message>
    <message>
        <source>Were its frames decoded?</source>
        <translation>Удалось ли декодировать его пакеты?</translation>
    </message>
    <message>
        <source>Nothing attributable to it, but undecoded frames from unknown senders on port %1 look like %2, the protocol of this device: it may be one of them, sending to the wrong port.</source>
        <translation>Ничего нельзя отнести к этому устройству, но недекодированные пакеты от неизвестных отправителей на порту %1 похожи на %2 — протокол этого устройства: возможно, оно одно из них и отправляет данные не на тот порт.</translation>
    </message>
    <message>
        <source>Point the device at port %1 (%2).</source>
        <translation>Направьте устройство на порт %1 (%2).</translation>
    </message>
    <message>
        <source>Nothing was received, so there is nothing to decode.</source>
        <translation>Ничего не получено, поэтому декодировать нечего.</translation>
    </message>
    <message>
        <source>Yes: all %1 frames were decoded (%2).</source>
        <translation>Да: все пакеты декодированы (всего %1, протокол %2).</translation>
    </message>
    <message>
        <source>Mostly: %1 of %2 frames were decoded; the newest one was.</source>
        <translation>В основном: декодировано %1 из %2 пакетов, включая самый последний.</translation>
    </message>
    <message>
        <source>No: %1 of %2 frames were not decoded. They look like %3 (port %4) but arrived on port %5, which expects %6.</source>
        <translation>Нет: %1 из %2 пакетов не декодированы. Они похожи на %3 (порт %4), но пришли на порт %5, который ожидает %6.</translation>
    </message>
    <message>
        <source>Configure the device for port %1, or set its model/protocol to %2 if that is wrong.</source>
        <translation>Настройте устройство на порт %1 или, если модель/протокол указаны неверно, измените их на %2.</translation>
    </message>
    <message>
        <source>The device is registered as %1, but it speaks %2.</source>
        <translation>Устройство зарегистрировано как %1, но работает по протоколу %2.</translation>
    </message>
    <message>
        <source>No: %1 of %2 frames were refused by the %3 decoder although they resemble %3: last error &quot;%4&quot;.</source>
        <translation>Нет: %1 из %2 пакетов отклонены декодером %3, хотя похожи на %3; последняя ошибка: «%4».</translation>
    </message>
    <message>
        <source>Possibly a firmware variant of the protocol. Keep a few samples from the raw console for support.</source>
        <translation>Возможно, это вариант протокола в другой прошивке. Сохраните несколько образцов из консоли необработанных пакетов для службы поддержки.</translation>
    </message>
    <message>
        <source>No: %1 of %2 frames were not decoded, and no known protocol accepts them (last error: &quot;%3&quot;).</source>
        <translation>Нет: %1 из %2 пакетов не декодированы, и ни один известный протокол их не принимает (последняя ошибка: «%3»).</translation>
    </message>
    <message>
        <source>Find out which protocol the device speaks (vendor, manual, `fleetwatch decode --protocol auto`), and keep samples for support.</source>
        <translation>Выясните, по какому протоколу работает устройство (у производителя, в инструкции, командой `fleetwatch decode --protocol auto`), и сохраните образцы для службы поддержки.</translation>
    </message>
    <message>
        <source>Did they decode to an id that is registered?</source>
        <translation>Декодируются ли они в зарегистрированный ID?</translation>
    </message>
    <message>
        <source>No: its frames decode to id %1, which is not registered.</source>
        <translation>Нет: его пакеты декодируются в ID %1, который не зарегистрирован.</translation>
    </message>
    <message>
        <source>No: id %1 is not registered.</source>
        <translation>Нет: ID %1 не зарегистрирован.</translation>
    </message>
    <message>
        <source>Register %1 as a new device%2.</source>
        <translation>Зарегистрируйте %1 как новое устройство%2.</translation>
    </message>
    <message>
        <source> (protocol %1)</source>
        <translation> (протокол %1)</translation>
    </message>
    <message>
        <source>An unregistered id %1 resembles this device&apos;s id %2: the device may report itself under that id.</source>
        <translation>Незарегистрированный ID %1 похож на ID этого устройства %2: возможно, устройство передаёт себя под этим ID.</translation>
    </message>
    <message>
        <source>Frames from its address %1 decode to %2, which is not registered: the device reports another id than the one registered (%3).</source>
        <translation>Пакеты с его адреса %1 декодируются в ID %2, который не зарегистрирован: устройство передаёт не тот ID, что зарегистрирован (%3).</translation>
    </message>
    <message>
        <source>Correct the registered id to the one the device sends (see the raw console), or register that id.</source>
        <translation>Исправьте зарегистрированный ID на тот, что передаёт устройство (см. консоль необработанных пакетов), или зарегистрируйте этот ID.</translation>
    </message>
    <message>
        <source>Yes: its frames carry the registered id %1.</source>
        <translation>Да: его пакеты содержат зарегистрированный ID %1.</translation>
    </message>
    <message>
        <source>Nothing was decoded yet, so the id it sends is not known.</source>
        <translation>Пока ничего не декодировано, поэтому передаваемый ID неизвестен.</translation>
    </message>
    <message>
        <source>Do its frames carry a valid GPS fix?</source>
        <translation>Содержат ли его пакеты достоверные координаты GPS?</translation>
    </message>
    <message>
        <source>No: it sends data, but has never reported a valid fix.</source>
        <translation>Нет: данные поступают, но достоверных координат GPS не было ни разу.</translation>
    </message>
    <message>
        <source>The receiver has no fix yet: indoors, in a garage or with the antenna covered there is none, and the first fix can take 15 minutes or more. Put it outdoors with a clear view of the sky and wait.</source>
        <translation>У приёмника GPS ещё нет фиксации: в помещении, в гараже или при закрытой антенне её не будет, а первая фиксация может занять 15 минут и более. Вынесите трекер на открытое место с хорошим обзором неба и подождите.</translation>
    </message>
    <message>
        <source>Yes: valid fix at %1.</source>
        <translation>Да: достоверная фиксация в %1.</translation>
    </message>
    <message>
        <source>The last fix claims a time %1 in the future (%2).</source>
        <translation>Время последней фиксации на %1 в будущем (%2).</translation>
    </message>
    <message>
        <source>Check the server clock and the device&apos;s time zone setting (it should send UTC).</source>
        <translation>Проверьте часы сервера и настройку часового пояса устройства (оно должно передавать время в UTC).</translation>
    </message>
    <message>
        <source>Not now: the last valid fix is from %1 (%2 ago). %3</source>
        <translation>Сейчас нет: последняя достоверная фиксация была в %1 (%2 назад). %3</translation>
    </message>
    <message>
        <source>If it is indoors or parked underground, wait until it is out; otherwise check the GPS antenna.</source>
        <translation>Если устройство в помещении или на подземной парковке, дождитесь, пока оно окажется снаружи; иначе проверьте антенну GPS.</translation>
    </message>
    <message>
        <source>Its frames are discarded until it is registered.</source>
        <translation>Его пакеты отбрасываются, пока оно не зарегистрировано.</translation>
    </message>
    <message>
        <source>Nothing was decoded from it yet.</source>
        <translation>От него пока ничего не декодировано.</translation>
    </message>
    <message>
        <source>Is the device configured for the right port?</source>
        <translation>Настроено ли устройство на правильный порт?</translation>
    </message>
    <message>
        <source>Its protocol is not known (no model or protocol is set).</source>
        <translation>Его протокол неизвестен (не задана ни модель, ни протокол).</translation>
    </message>
    <message>
        <source>Choose its model, or identify the protocol from a sample of its frames.</source>
        <translation>Выберите его модель или определите протокол по образцу его пакетов.</translation>
    </message>
    <message>
        <source>Yes: it sends to port %1, the port for %2.</source>
        <translation>Да: оно отправляет данные на порт %1 — порт для %2.</translation>
    </message>
    <message>
        <source>No: it sends to port %1, but %2 is received on port %3.</source>
        <translation>Нет: оно отправляет данные на порт %1, а %2 принимается на порту %3.</translation>
    </message>
    <message>
        <source>Nothing arrived, so its setting is not visible from here. It must send to %1, port %2 (%3).</source>
        <translation>Ничего не поступило, поэтому его настройку отсюда не видно. Оно должно отправлять данные на %1, порт %2 (%3).</translation>
    </message>
    <message>
        <source>Is that port listening here, and reachable?</source>
        <translation>Принимает ли здесь этот порт подключения и доступен ли он?</translation>
    </message>
    <message>
        <source>From a network outside this one (for example a phone on mobile data with Wi-Fi off), run &quot;nc -vz %1 %2&quot; or &quot;telnet %1 %2&quot;. If it does not connect: check port forwarding on the router, the firewall, and that the address is public (not behind the provider&apos;s NAT).</source>
        <translation>Из другой сети (например, с телефона через мобильный интернет при выключенном Wi-Fi) выполните «nc -vz %1 %2» или «telnet %1 %2». Если подключиться не удаётся, проверьте проброс портов на маршрутизаторе, брандмауэр и то, что адрес публичный (а не за NAT провайдера).</translation>
    </message>
    <message>
        <source>Its protocol is not known, so neither is its port.</source>
        <translation>Его протокол неизвестен, а значит, неизвестен и порт.</translation>
    </message>
    <message>
        <source>No: there is no listener for %1 here.</source>
        <translation>Нет: здесь нет приёмника для %1.</translation>
    </message>
    <message>
        <source>Start a listener for %1 on port %2.</source>
        <translation>Запустите приёмник %1 на порту %2.</translation>
    </message>
    <message>
        <source>No: port %1 is not listening (%2).</source>
        <translation>Нет: порт %1 не принимает подключения (%2).</translation>
    </message>
    <message>
        <source>no error reported</source>
        <translation>ошибка не сообщается</translation>
    </message>
    <message>
        <source>Free port %1 or choose another one, then restart the listener.</source>
        <translation>Освободите порт %1 или выберите другой, затем перезапустите приёмник.</translation>
    </message>
    <message>
        <source>No: port %1 claims to listen, but a test connection from this computer failed.</source>
        <translation>Нет: порт %1 якобы принимает подключения, но тестовое подключение с этого компьютера не удалось.</translation>
    </message>
    <message>
        <source>Check the local firewall and restart the listener.</source>
        <translation>Проверьте локальный брандмауэр и перезапустите приёмник.</translation>
    </message>
    <message>
        <source>Yes: port %1 is listening and this device has reached it.</source>
        <translation>Да: порт %1 принимает подключения, и это устройство до него дошло.</translation>
    </message>
    <message>
        <source>Port %1 is listening and accepts a test connection from this computer; whether it can be reached from the internet cannot be checked from here.</source>
        <translation>Порт %1 принимает подключения и отвечает на тестовое подключение с этого компьютера; доступен ли он из интернета, отсюда проверить нельзя.</translation>
    </message>
    <message>
        <source>Port %1 is listening; whether it can be reached from the internet cannot be checked from here.</source>
        <translation>Порт %1 принимает подключения; доступен ли он из интернета, отсюда проверить нельзя.</translation>
    </message>
    <message>
        <source>Port %1 (%2) is not listening</source>
        <translation>Порт %1 (%2) не принимает подключения</translation>
    </message>
    <message>
        <source>Port %1 (%2) is not listening: %3</source>
        <translation>Порт %1 (%2) не принимает подключения: %3</translation>
    </message>
    <message>
        <source>Find what holds port %1 (another program or a second FleetWatch), free it or choose another port, then restart the listener. Devices using it cannot deliver data meanwhile.</source>
        <translation>Выясните, что занимает порт %1 (другая программа или второй экземпляр FleetWatch), освободите его или выберите другой порт, затем перезапустите приёмник. Пока этого не сделано, устройства на этом порту не могут передавать данные.</translation>
    </message>
    <message>
        <source>Port %1 (%2) claims to listen, but a test connection from this computer failed</source>
        <translation>Порт %1 (%2) якобы принимает подключения, но тестовое подключение с этого компьютера не удалось</translation>
    </message>
    <message>
        <source>Check the local firewall for port %1 and restart the listener; if that does not help, look at the log.</source>
        <translation>Проверьте настройки локального брандмауэра для порта %1 и перезапустите приёмник; если это не поможет, изучите журнал.</translation>
    </message>
    <message>
        <source>No data has reached the server since it started</source>
        <translation>С момента запуска сервер не получил никаких данных</translation>
    </message>
    <message>
        <source>No data has reached the server since %1 (%2 ago)</source>
        <translation>Сервер не получает данных с %1 (%2 назад)</translation>
    </message>
    <message>
        <source>No listener is configured: start at least one port for the protocols your devices speak.</source>
        <translation>Не настроено ни одного приёмника: запустите хотя бы один порт для протоколов, по которым работают ваши устройства.</translation>
    </message>
    <message>
        <source>No listener is up (ports %1): fix the listeners first, see their bind errors.</source>
        <translation>Ни один приёмник не работает (порты %1): сначала исправьте приёмники, см. их ошибки привязки к порту.</translation>
    </message>
    <message>
        <source>Every device uses a SIM from %1: a fault of that mobile network is likely; ask the carrier or try a SIM from another one.</source>
        <translation>Все устройства используют SIM-карты оператора %1: вероятен сбой в его мобильной сети; обратитесь к оператору или попробуйте SIM-карту другого оператора.</translation>
    </message>
    <message>
        <source>The listeners are up (ports %1), so the data stops before the server: check the internet connection, the firewall and port forwarding, that the server&apos;s domain name still resolves to this address, and the mobile network of the devices.</source>
        <translation>Приёмники работают (порты %1), значит, данные не доходят до сервера: проверьте подключение к интернету, брандмауэр и проброс портов, то, что доменное имя сервера по-прежнему указывает на этот адрес, а также мобильную сеть устройств.</translation>
    </message>
    <message>
        <source>Ports %1 are down as well.</source>
        <translation>Порты %1 тоже не работают.</translation>
    </message>
    <message>
        <source>The server clock looks %1 ahead of the devices&apos; GPS time</source>
        <translation>Часы сервера, по-видимому, спешат на %1 относительно времени GPS устройств</translation>
    </message>
    <message>
        <source>The server clock looks %1 behind the devices&apos; GPS time</source>
        <translation>Часы сервера, по-видимому, отстают на %1 от времени GPS устройств</translation>
    </message>
    <message>
        <source>Most devices report fixes offset by the same amount, which points at this computer&apos;s clock rather than at the devices: enable time synchronisation (NTP) and check the time zone setting. Until then devices show as GPS outdated although their data is current.</source>
        <translation>Большинство устройств передают координаты со сдвигом на одну и ту же величину — это указывает на часы этого компьютера, а не на устройства: включите синхронизацию времени (NTP) и проверьте настройку часового пояса. До тех пор устройства будут отображаться как «GPS устарел», хотя их данные актуальны.</translation>
    </message>
    <message>
        <source>The offset is still within the freshness limits; enable time synchronisation (NTP) before it grows.</source>
        <translation>Смещение пока в пределах порога актуальности; включите синхронизацию времени (NTP), пока оно не выросло.</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>модель %1</translation>
    </message>
    <message>
        <source>port %1 (%2)</source>
        <translation>порт %1 (%2)</translation>
    </message>
    <message>
        <source>carrier %1</source>
        <translation>оператор %1</translation>
    </message>
    <message>
        <source>%1 of %2 offline devices share %3</source>
        <translation>Общее у %1 из %2 устройств не на связи: %3</translation>
    </message>
    <message>
        <source>ask carrier %1 about an outage, or put a SIM from another carrier into one device</source>
        <translation>узнайте у оператора %1, нет ли сбоя, или установите в одно из устройств SIM-карту другого оператора</translation>
    </message>
    <message>
        <source>check from outside (for example from a phone on mobile data) that port %1 is reachable</source>
        <translation>проверьте извне (например, с телефона через мобильный интернет), доступен ли порт %1</translation>
    </message>
    <message>
        <source>ask the vendor whether model %1 received a firmware update or has a known fault</source>
        <translation>узнайте у производителя, не получала ли модель %1 обновление прошивки и нет ли у неё известной неисправности</translation>
    </message>
    <message>
        <source>compare the SIM carriers of these devices</source>
        <translation>сравните операторов SIM-карт этих устройств</translation>
    </message>
    <message>
        <source>The failure is concentrated: %1.</source>
        <translation>Сбои сосредоточены в одном месте: %1.</translation>
    </message>
    <message>
        <source>Port %1 (%2) receives frames that look like %3 (its port is %4)</source>
        <translation>На порт %1 (%2) поступают пакеты, похожие на %3 (его порт — %4)</translation>
    </message>
    <message>
        <source>Devices are pointed at the wrong port: configure them for port %1, or listen for %2 on port %3 as well.</source>
        <translation>Устройства направлены не на тот порт: настройте их на порт %1 или настройте также приём %2 на порту %3.</translation>
    </message>
    <message>
        <source>Port %1 (%2): %3 of %4 frames could not be decoded</source>
        <translation>Порт %1 (%2): не удалось декодировать %3 из %4 пакетов</translation>
    </message>
    <message>
        <source>No known protocol accepts these frames. Check whether other devices of the same model have the problem (firmware difference), and keep a few samples from the raw console for support.</source>
        <translation>Ни один известный протокол не принимает эти пакеты. Проверьте, есть ли та же проблема у других устройств этой модели (разница в прошивке), и сохраните несколько образцов из консоли необработанных пакетов для службы поддержки.</translation>
    </message>
    <message>
        <source>Unknown device %1 sends from %2 on port %3</source>
        <translation>Неизвестное устройство %1 передаёт данные с %2 на порт %3</translation>
    </message>
    <message>
        <source>Register %1 as a new device (protocol %2) if it is yours.</source>
        <translation>Если это ваше устройство, зарегистрируйте %1 как новое (протокол %2).</translation>
    </message>
    <message>
        <source>It may be %1 registered under a different id: correct that device&apos;s id instead.</source>
        <translation>Возможно, это %1, зарегистрированное под другим ID: исправьте ID этого устройства.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 д %2 ч</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 мин %2 с</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>unknown host</source>
        <translation>неизвестный компьютер</translation>
    </message>
    <message>
        <source>Ingest node %1 (%2) has never reported</source>
        <translation>Узел приёма %1 (%2) ни разу не отметился</translation>
    </message>
    <message>
        <source>Ingest node %1 (%2) went silent: last seen %3</source>
        <translation>Узел приёма %1 (%2) замолчал: последний раз на связи %3</translation>
    </message>
    <message>
        <source>Check that FleetWatch still runs on %1 (fleetwatch --headless --node-id %2) and reaches the database; trackers sent to it are not heard from until it is back or they reach another node.</source>
        <translation>Проверьте, что FleetWatch всё ещё работает на %1 (fleetwatch --headless --node-id %2) и может связаться с базой; трекеры, отправляющие данные на этот узел, не будут слышны, пока он не вернётся или они не подключатся к другому узлу.</translation>
    </message>
</context>
<context>
    <name>fw::fleet</name>
    <message>
        <source>line %1: %2</source>
        <translation>строка %1: %2</translation>
    </message>
    <message>
        <source>%1 (or %2, %3)</source>
        <translation>%1 (или %2, %3)</translation>
    </message>
    <message>
        <source>unexpected character after a closing quote</source>
        <translation>неожиданный символ после закрывающей кавычки</translation>
    </message>
    <message>
        <source>a quoted field is not closed</source>
        <translation>поле в кавычках не закрыто</translation>
    </message>
    <message>
        <source>cannot read the file: %1</source>
        <translation>не удаётся прочитать файл: %1</translation>
    </message>
    <message>
        <source>the file is larger than %1 MB</source>
        <translation>файл больше %1 МБ</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text</source>
        <translation>файл не является текстом в кодировке UTF-8</translation>
    </message>
    <message>
        <source>the file is empty: expected a header row with %1</source>
        <translation>файл пуст: ожидалась строка заголовка со столбцами %1</translation>
    </message>
    <message>
        <source>unknown column &quot;%1&quot; (accepted names: %2)</source>
        <translation>неизвестный столбец «%1» (допустимые имена: %2)</translation>
    </message>
    <message>
        <source>column &quot;%1&quot; appears twice</source>
        <translation>столбец «%1» встречается дважды</translation>
    </message>
    <message>
        <source>the header has no id column (call it id, uniqueId or imei)</source>
        <translation>в заголовке нет столбца с ID (назовите его id, uniqueId или imei)</translation>
    </message>
    <message>
        <source>the header has no &quot;name&quot; column</source>
        <translation>в заголовке нет столбца «name»</translation>
    </message>
    <message>
        <source>expected %1 fields, found %2</source>
        <translation>ожидалось полей: %1, найдено: %2</translation>
    </message>
    <message>
        <source>the unique id is empty</source>
        <translation>уникальный ID пуст</translation>
    </message>
    <message>
        <source>unique id &quot;%1&quot; is not acceptable (1 to 64 printable characters, no spaces or commas)</source>
        <translation>уникальный ID «%1» недопустим (от 1 до 64 печатных символов, без пробелов и запятых)</translation>
    </message>
    <message>
        <source>unique id %1 is already used on line %2</source>
        <translation>уникальный ID %1 уже используется в строке %2</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>название не указано</translation>
    </message>
    <message>
        <source>unknown model &quot;%1&quot;</source>
        <translation>неизвестная модель «%1»</translation>
    </message>
    <message>
        <source>unknown protocol &quot;%1&quot;</source>
        <translation>неизвестный протокол «%1»</translation>
    </message>
    <message>
        <source>model %1 speaks %2, not %3</source>
        <translation>модель %1 работает по протоколу %2, а не %3</translation>
    </message>
    <message>
        <source>offline timeout &quot;%1&quot; is not a number of seconds from 0 (fleet default) to %2</source>
        <translation>тайм-аут потери связи «%1» должен быть числом секунд от 0 (значение по умолчанию для автопарка) до %2</translation>
    </message>
    <message>
        <source>%1 is not a valid IMEI (the check digit would be %2); imported as the tracker&apos;s id</source>
        <translation>%1 не является корректным IMEI (контрольная цифра должна быть %2); импортирован как ID трекера</translation>
    </message>
    <message>
        <source>the file has a header but no devices</source>
        <translation>в файле есть заголовок, но нет ни одного устройства</translation>
    </message>
    <message>
        <source>cannot write the file: %1</source>
        <translation>не удаётся записать файл: %1</translation>
    </message>
</context>
<context>
    <name>fw::geo</name>
    <message>
        <source>a geofence needs a name</source>
        <translation>у геозоны должно быть название</translation>
    </message>
    <message>
        <source>%1: %2,%3 is not a latitude,longitude</source>
        <translation>%1: %2,%3 не является парой широта,долгота</translation>
    </message>
    <message>
        <source>%1: the speed limit must be a positive number</source>
        <translation>%1: ограничение скорости должно быть положительным числом</translation>
    </message>
    <message>
        <source>%1: a geofence applies to a group or to devices, not both</source>
        <translation>%1: геозона применяется либо к группе, либо к устройствам, но не к тем и другим сразу</translation>
    </message>
    <message>
        <source>%1: a circle needs one centre</source>
        <translation>%1: у круга должен быть один центр</translation>
    </message>
    <message>
        <source>%1: the radius must be between 0 and 5000 km</source>
        <translation>%1: радиус должен быть от 0 до 5000 км</translation>
    </message>
    <message>
        <source>%1: a polygon needs at least three points</source>
        <translation>%1: у многоугольника должно быть не меньше трёх точек</translation>
    </message>
    <message>
        <source>%1: a hole needs at least three points</source>
        <translation>%1: у выреза должно быть не меньше трёх точек</translation>
    </message>
    <message>
        <source>%1: a corridor needs at least two points</source>
        <translation>%1: у коридора должно быть не меньше двух точек</translation>
    </message>
    <message>
        <source>%1: the corridor width must be between 0 and 200 km</source>
        <translation>%1: ширина коридора должна быть от 0 до 200 км</translation>
    </message>
    <message>
        <source>no %1 in the file</source>
        <translation>в файле нет ни одного элемента «%1»</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>%1 %2: the name &quot;%3&quot; is used twice</source>
        <translation>%1 %2: название «%3» используется дважды</translation>
    </message>
    <message>
        <source>not a GeoJSON, KML or GPX file</source>
        <translation>это не файл GeoJSON, KML или GPX</translation>
    </message>
    <message>
        <source>not valid GeoJSON: %1 at byte %2</source>
        <translation>недопустимый GeoJSON: %1 в байте %2</translation>
    </message>
    <message>
        <source>feature %1: bad coordinates</source>
        <translation>объект %1: неверные координаты</translation>
    </message>
    <message>
        <source>feature %1: a Point needs a &quot;radius&quot; property in metres to be a circle</source>
        <translation>объект %1: чтобы Point стал кругом, нужно свойство &quot;radius&quot; в метрах</translation>
    </message>
    <message>
        <source>feature %1: %2 geometries are not supported (use Polygon, LineString or Point)</source>
        <translation>объект %1: геометрии %2 не поддерживаются (используйте Polygon, LineString или Point)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>отсутствует</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>объект</translation>
    </message>
    <message>
        <source>placemark %1: more than one geometry (MultiGeometry is not supported)</source>
        <translation>метка %1: больше одной геометрии (MultiGeometry не поддерживается)</translation>
    </message>
    <message>
        <source>placemark %1: bad coordinates (line %2)</source>
        <translation>метка %1: неверные координаты (строка %2)</translation>
    </message>
    <message>
        <source>placemark %1: a Point needs a &quot;radius&quot; in its ExtendedData to be a circle</source>
        <translation>метка %1: чтобы Point стал кругом, в его ExtendedData нужен &quot;radius&quot;</translation>
    </message>
    <message>
        <source>placemark %1: no Polygon, LineString or Point</source>
        <translation>метка %1: нет Polygon, LineString или Point</translation>
    </message>
    <message>
        <source>not valid KML: %1 (line %2)</source>
        <translation>недопустимый KML: %1 (строка %2)</translation>
    </message>
    <message>
        <source>placemark</source>
        <translation>метка</translation>
    </message>
    <message>
        <source>track %1: a point without lat/lon (line %2)</source>
        <translation>трек %1: точка без lat/lon (строка %2)</translation>
    </message>
    <message>
        <source>not valid GPX: %1 (line %2)</source>
        <translation>недопустимый GPX: %1 (строка %2)</translation>
    </message>
    <message>
        <source>track</source>
        <translation>трек</translation>
    </message>
    <message>
        <source>%1: not a polygon (%2)</source>
        <translation>%1: не многоугольник (%2)</translation>
    </message>
    <message>
        <source>%1: the polygon is not valid: %2</source>
        <translation>%1: недопустимый многоугольник: %2</translation>
    </message>
    <message>
        <source>%1: not a route (%2)</source>
        <translation>%1: не маршрут (%2)</translation>
    </message>
    <message>
        <source>%1: cannot widen the route (%2)</source>
        <translation>%1: не удаётся расширить маршрут (%2)</translation>
    </message>
    <message>
        <source>%1: the area is too large (more than %2 km across)</source>
        <translation>%1: слишком большая область (больше %2 км в поперечнике)</translation>
    </message>
</context>
<context>
    <name>fw::ingest</name>
    <message>
        <source>--listen needs NAME=PORT, got &quot;%1&quot;</source>
        <translation>для --listen нужно ИМЯ=ПОРТ, получено «%1»</translation>
    </message>
    <message>
        <source>--listen %1: &quot;%2&quot; is not a port (1-65535)</source>
        <translation>--listen %1: «%2» не является портом (1–65535)</translation>
    </message>
    <message>
        <source>unknown protocol</source>
        <translation>неизвестный протокол</translation>
    </message>
    <message>
        <source>connection to the APRS-IS server closed</source>
        <translation>соединение с сервером APRS-IS закрыто</translation>
    </message>
    <message>
        <source>decoded</source>
        <translation>декодирован</translation>
    </message>
    <message>
        <source>unknown device</source>
        <translation>неизвестное устройство</translation>
    </message>
    <message>
        <source>not decoded</source>
        <translation>не декодирован</translation>
    </message>
    <message>
        <source>dropped: blocked</source>
        <translation>отброшен: заблокировано</translation>
    </message>
</context>
<context>
    <name>fw::node</name>
    <message>
        <source>&quot;%1&quot; is not a usable unique id (1-64 characters, no spaces or commas)</source>
        <translation>«%1» нельзя использовать как уникальный ID (от 1 до 64 символов, без пробелов и запятых)</translation>
    </message>
    <message>
        <source>a device needs a name</source>
        <translation>у устройства должно быть название</translation>
    </message>
    <message>
        <source>unknown model &quot;%1&quot;</source>
        <translation>неизвестная модель «%1»</translation>
    </message>
    <message>
        <source>the offline timeout cannot be negative</source>
        <translation>тайм-аут потери связи не может быть отрицательным</translation>
    </message>
    <message>
        <source>a device with id %1 is already registered</source>
        <translation>устройство с ID %1 уже зарегистрировано</translation>
    </message>
    <message>
        <source>no device with id %1</source>
        <translation>нет устройства с ID %1</translation>
    </message>
    <message>
        <source>device %1: %2</source>
        <translation>устройство %1: %2</translation>
    </message>
    <message>
        <source>device %1: id %2 is already registered</source>
        <translation>устройство %1: ID %2 уже зарегистрирован</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>не удаётся прочитать %1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>alert %1 no longer exists</source>
        <translation>оповещение %1 больше не существует</translation>
    </message>
    <message>
        <source>the FleetWatch server refused the change: this login may not change devices (%1)</source>
        <translation>сервер FleetWatch отклонил изменение: этому логину нельзя изменять устройства (%1)</translation>
    </message>
    <message>
        <source>cannot store raw frames</source>
        <translation>не удаётся сохранить сырые кадры</translation>
    </message>
    <message>
        <source>cannot prune raw frames</source>
        <translation>не удаётся очистить старые сырые кадры</translation>
    </message>
    <message>
        <source>cannot read raw frames</source>
        <translation>не удаётся прочитать сырые кадры</translation>
    </message>
    <message>
        <source>No ingest node has reported in the last %1 seconds</source>
        <translation>Ни один узел приёма данных не отчитывался в последние %1 с</translation>
    </message>
    <message>
        <source>Start FleetWatch (window or --headless) on this database, or check that the running node can write to it. Until then listeners, unknown ids and undecoded frames cannot be checked; this diagnosis uses stored data only.</source>
        <translation>Запустите FleetWatch (с окном или с --headless) с этой базой данных или проверьте, что работающий узел может в неё записывать. До тех пор приёмники, неизвестные ID и недекодированные пакеты проверить нельзя; эта диагностика использует только сохранённые данные.</translation>
    </message>
</context>
<context>
    <name>fw::notify</name>
    <message>
        <source>Geofence entered</source>
        <translation>Вход в геозону</translation>
    </message>
    <message>
        <source>Geofence left</source>
        <translation>Выход из геозоны</translation>
    </message>
    <message>
        <source>Overspeed</source>
        <translation>Превышение скорости</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не на связи</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>Состояние изменилось</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Тревога</translation>
    </message>
    <message>
        <source>Ignition on</source>
        <translation>Зажигание включено</translation>
    </message>
    <message>
        <source>Ignition off</source>
        <translation>Зажигание выключено</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Простой</translation>
    </message>
    <message>
        <source>Low battery</source>
        <translation>Низкий заряд батареи</translation>
    </message>
    <message>
        <source>Maintenance due</source>
        <translation>Пора пройти обслуживание</translation>
    </message>
    <message>
        <source>[FleetWatch] %1: %2</source>
        <extracomment>Mail subject: %1 is the device&apos;s unique id, %2 what happened (&quot;Overspeed&quot;).</extracomment>
        <translation>[FleetWatch] %1: %2</translation>
    </message>
    <message>
        <source>[FleetWatch] %1: %2 (%3)</source>
        <extracomment>Mail subject: %1 device, %2 what happened, %3 the geofence&apos;s name.</extracomment>
        <translation>[FleetWatch] %1: %2 (%3)</translation>
    </message>
    <message>
        <source>FleetWatch raised an alert for device %1.</source>
        <translation>FleetWatch создал оповещение для устройства %1.</translation>
    </message>
    <message>
        <source>What happened: %1</source>
        <translation>Что произошло: %1</translation>
    </message>
    <message>
        <source>Rule: %1 (%2)</source>
        <translation>Правило: %1 (%2)</translation>
    </message>
    <message>
        <source>Geofence: %1</source>
        <translation>Геозона: %1</translation>
    </message>
    <message>
        <source>Time of the position: %1</source>
        <extracomment>The time the device reported the position, as sent by the node (ISO 8601, UTC).</extracomment>
        <translation>Время позиции: %1</translation>
    </message>
    <message>
        <source>Position: %1, %2</source>
        <translation>Позиция: %1, %2</translation>
    </message>
    <message>
        <source>On a map: %1</source>
        <translation>На карте: %1</translation>
    </message>
    <message>
        <source>Alert number: %1</source>
        <translation>Номер оповещения: %1</translation>
    </message>
    <message>
        <source>Open FleetWatch to see the device on the map and to acknowledge the alert.</source>
        <translation>Откройте FleetWatch, чтобы увидеть устройство на карте и подтвердить оповещение.</translation>
    </message>
    <message>
        <source>This message was sent automatically; replies are not read.</source>
        <translation>Это сообщение отправлено автоматически; ответы не читаются.</translation>
    </message>
    <message>
        <source>notifications are shut down</source>
        <translation>уведомления отключены</translation>
    </message>
    <message>
        <source>not a notification target: %1</source>
        <translation>не является получателем уведомлений: %1</translation>
    </message>
    <message>
        <source>no SMTP server or From address is set</source>
        <translation>не задан SMTP-сервер или адрес отправителя (From)</translation>
    </message>
    <message>
        <source>libcurl could not start a transfer</source>
        <translation>libcurl не удалось начать передачу</translation>
    </message>
    <message>
        <source>mail server %1 offers no STARTTLS; nothing was sent in clear text</source>
        <translation>почтовый сервер %1 не поддерживает STARTTLS; ничего не отправлено открытым текстом</translation>
    </message>
    <message>
        <source>the mail server refused the message (%1): %2</source>
        <translation>почтовый сервер отклонил сообщение (%1): %2</translation>
    </message>
    <message>
        <source>mail server %1: %2</source>
        <translation>почтовый сервер %1: %2</translation>
    </message>
    <message>
        <source>webhook %1: %2</source>
        <translation>веб-хук %1: %2</translation>
    </message>
    <message>
        <source>webhook %1 answered HTTP %2</source>
        <translation>веб-хук %1 ответил HTTP %2</translation>
    </message>
</context>
<context>
    <name>fw::remote</name>
    <message>
        <source>following changes needs a PostgreSQL database (postgresql://...); %1 is not one</source>
        <translation>для слежения за изменениями нужна база PostgreSQL (postgresql://...); %1 — не такая база</translation>
    </message>
    <message>
        <source>cannot listen for changes: %1</source>
        <translation>не удаётся подписаться на изменения: %1</translation>
    </message>
    <message>
        <source>the catch-up read failed</source>
        <translation>не удалось дочитать пропущенные изменения</translation>
    </message>
    <message>
        <source>Connected: %1 is a FleetWatch database this login can use.</source>
        <translation>Подключено: %1 — база FleetWatch, с которой может работать этот логин.</translation>
    </message>
    <message>
        <source>A FleetWatch server is a PostgreSQL database: the address must start with postgresql://.</source>
        <translation>Сервер FleetWatch — это база данных PostgreSQL: адрес должен начинаться с postgresql://.</translation>
    </message>
    <message>
        <source>No server answers at %1. Check the host name and port, and that PostgreSQL runs there and a firewall lets this computer in.</source>
        <translation>По адресу %1 сервер не отвечает. Проверьте имя хоста и порт, что там работает PostgreSQL и что брандмауэр пропускает этот компьютер.</translation>
    </message>
    <message>
        <source>The server refused the login &quot;%1&quot;: the user name or the password is wrong.</source>
        <translation>Сервер отклонил вход «%1»: неверное имя пользователя или пароль.</translation>
    </message>
    <message>
        <source>The server accepts this login only over an encrypted connection: add ?sslmode=require to the address.</source>
        <translation>Сервер принимает этот логин только по зашифрованному соединению: добавьте к адресу ?sslmode=require.</translation>
    </message>
    <message>
        <source>The address asks for an encrypted connection, but the server at %1 does not offer one.</source>
        <translation>Адрес требует зашифрованного соединения, но сервер %1 его не предлагает.</translation>
    </message>
    <message>
        <source>The server does not let the login &quot;%1&quot; in from this computer (its pg_hba.conf has no entry for it).</source>
        <translation>Сервер не пускает логин «%1» с этого компьютера (в его pg_hba.conf нет такой записи).</translation>
    </message>
    <message>
        <source>The server has no database called &quot;%1&quot;.</source>
        <translation>На сервере нет базы данных «%1».</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a FleetWatch database (it has none of FleetWatch&apos;s tables). Run fleetwatch db init on it first, or check the database name.</source>
        <translation>«%1» — не база FleetWatch (в ней нет ни одной таблицы FleetWatch). Сначала выполните на ней fleetwatch db init или проверьте имя базы.</translation>
    </message>
    <message>
        <source>The database was set up by a newer FleetWatch (schema version %1; this program knows up to %2). Update FleetWatch on this computer.</source>
        <translation>База создана более новой версией FleetWatch (версия схемы %1; эта программа знает до %2). Обновите FleetWatch на этом компьютере.</translation>
    </message>
    <message>
        <source>The database was set up by an older FleetWatch (schema version %1; this program needs %2). Run fleetwatch db init on it, or start an updated ingest node, first.</source>
        <translation>База создана более старой версией FleetWatch (версия схемы %1; этой программе нужна %2). Сначала выполните на ней fleetwatch db init или запустите обновлённый узел приёма.</translation>
    </message>
    <message>
        <source>The login &quot;%1&quot; may not read FleetWatch&apos;s tables. Ask the administrator to run fleetwatch db grant operator (or viewer) for it.</source>
        <translation>Логину «%1» нельзя читать таблицы FleetWatch. Попросите администратора выполнить для него fleetwatch db grant operator (или viewer).</translation>
    </message>
    <message>
        <source>The connection failed for a reason FleetWatch does not recognise; the server&apos;s message is below.</source>
        <translation>Соединение не удалось по причине, которую FleetWatch не распознаёт; сообщение сервера приведено ниже.</translation>
    </message>
    <message>
        <source>this login may not send commands</source>
        <translation>этому логину нельзя отправлять команды</translation>
    </message>
</context>
<context>
    <name>fw::reports</name>
    <message>
        <source>The report was cancelled.</source>
        <translation>Отчёт отменён.</translation>
    </message>
</context>
<context>
    <name>fw::status</name>
    <message>
        <source>Blocked</source>
        <translation>Заблокировано</translation>
    </message>
    <message>
        <source>Needs manual set-up</source>
        <translation>Требуется ручная настройка</translation>
    </message>
    <message>
        <source>Just registered</source>
        <translation>Только что зарегистрировано</translation>
    </message>
    <message>
        <source>Waiting for first data</source>
        <translation>Ожидание первых данных</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не на связи</translation>
    </message>
    <message>
        <source>Online, position current</source>
        <translation>На связи, позиция актуальна</translation>
    </message>
    <message>
        <source>Online, position outdated</source>
        <translation>На связи, позиция устарела</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>На связи</translation>
    </message>
    <message>
        <source>GPS outdated</source>
        <translation>GPS устарел</translation>
    </message>
    <message>
        <source>Not activated</source>
        <translation>Не активировано</translation>
    </message>
    <message>
        <source>Connected and reporting a current position.</source>
        <translation>На связи и передаёт актуальную позицию.</translation>
    </message>
    <message>
        <source>The tracker&apos;s clock is not set to UTC (offset %1 h).</source>
        <translation>Часы трекера не настроены на UTC (смещение %1 ч).</translation>
    </message>
    <message>
        <source>Data is arriving from the tracker&apos;s memory: its fix times are older than their arrival.</source>
        <translation>Поступают данные из памяти трекера: время их фиксации раньше времени получения.</translation>
    </message>
    <message>
        <source>Packets arrive but carry no valid satellite fix (indoors, tunnel, jamming or a firmware fault).</source>
        <translation>Пакеты поступают, но не содержат достоверных координат GPS (в помещении, в тоннеле, глушение сигнала или сбой прошивки).</translation>
    </message>
    <message>
        <source>Only keep-alive packets arrive: the tracker is probably sleeping or saving power.</source>
        <translation>Поступают только пакеты поддержания связи: вероятно, трекер в спящем режиме или в режиме энергосбережения.</translation>
    </message>
    <message>
        <source>Connected, but it has never reported a valid position.</source>
        <translation>На связи, но ни разу не передал достоверную позицию.</translation>
    </message>
    <message>
        <source>Connected, but its last valid position is older than the freshness limit.</source>
        <translation>На связи, но последняя достоверная позиция старше порога актуальности.</translation>
    </message>
    <message>
        <source>The reported fix time lies in the future: check the tracker&apos;s clock.</source>
        <translation>Время фиксации в пакете находится в будущем: проверьте часы трекера.</translation>
    </message>
    <message>
        <source>The tracker announced it was going to sleep on low battery or lost power before it went silent.</source>
        <translation>Перед тем как замолчать, трекер сообщил о переходе в спящий режим из-за низкого заряда батареи или о потере питания.</translation>
    </message>
    <message>
        <source>The tracker closed its connection and has not come back.</source>
        <translation>Трекер закрыл соединение и больше не подключался.</translation>
    </message>
    <message>
        <source>The connection went silent and timed out.</source>
        <translation>Соединение замолчало и было закрыто по тайм-ауту.</translation>
    </message>
    <message>
        <source>Nothing has arrived from the tracker within its offline timeout.</source>
        <translation>За время тайм-аута потери связи от трекера ничего не поступило.</translation>
    </message>
    <message>
        <source>Blocked by an administrator until unblocked; its data is discarded.</source>
        <translation>Заблокировано администратором до разблокировки; данные устройства отбрасываются.</translation>
    </message>
    <message>
        <source>Blocked until %1; its data is discarded until then.</source>
        <translation>Заблокировано до %1; до этого момента данные устройства отбрасываются.</translation>
    </message>
    <message>
        <source>Registered moments ago; the first data may take a few minutes.</source>
        <translation>Зарегистрировано только что; первые данные могут прийти через несколько минут.</translation>
    </message>
    <message>
        <source>Registered more than 5 minutes ago and still nothing has arrived: check the server address and port configured in the tracker.</source>
        <translation>Зарегистрировано более 5 минут назад, но данных всё ещё нет: проверьте адрес сервера и порт, настроенные в трекере.</translation>
    </message>
    <message>
        <source>This model does not connect by itself: configure the server address and port in the tracker.</source>
        <translation>Эта модель не подключается сама: настройте в трекере адрес сервера и порт.</translation>
    </message>
    <message>
        <source>Weak or no mobile data coverage where the vehicle is.</source>
        <translation>Слабое покрытие мобильной сети передачи данных в месте нахождения транспортного средства или его отсутствие.</translation>
    </message>
    <message>
        <source>Deep sleep mode enabled in the tracker.</source>
        <translation>В трекере включён режим глубокого сна.</translation>
    </message>
    <message>
        <source>Roaming not enabled on the SIM card.</source>
        <translation>На SIM-карте не включён роуминг.</translation>
    </message>
    <message>
        <source>SIM card out of credit or data allowance.</source>
        <translation>На SIM-карте закончились деньги или трафик.</translation>
    </message>
    <message>
        <source>Power disconnected or the tracker switched off.</source>
        <translation>Отключено питание, или трекер выключен.</translation>
    </message>
    <message>
        <source>Battery ran low; it should return when charged or powered.</source>
        <translation>Батарея разрядилась; трекер должен вернуться на связь после зарядки или подключения питания.</translation>
    </message>
    <message>
        <source>Check the vehicle power supply to the tracker.</source>
        <translation>Проверьте подачу питания от транспортного средства на трекер.</translation>
    </message>
    <message>
        <source>Set the tracker&apos;s time zone to UTC+0.</source>
        <translation>Установите в трекере часовой пояс UTC+0.</translation>
    </message>
    <message>
        <source>The tracker is sending stored points after a coverage gap; wait until it catches up.</source>
        <translation>После перерыва в покрытии трекер передаёт сохранённые точки; дождитесь, пока он их все отправит.</translation>
    </message>
    <message>
        <source>No view of the sky (garage, tunnel, indoors).</source>
        <translation>Нет обзора неба (гараж, тоннель, помещение).</translation>
    </message>
    <message>
        <source>GPS antenna disconnected or jammed.</source>
        <translation>Антенна GPS отключена или сигнал глушится.</translation>
    </message>
    <message>
        <source>A first fix after power-up can take 15 minutes or more.</source>
        <translation>Первая фиксация после включения может занять 15 минут и более.</translation>
    </message>
    <message>
        <source>The vehicle is parked and the tracker is saving power.</source>
        <translation>Транспортное средство стоит, и трекер экономит энергию.</translation>
    </message>
    <message>
        <source>Reporting interval longer than the freshness limit.</source>
        <translation>Интервал передачи данных больше порога актуальности.</translation>
    </message>
    <message>
        <source>Tracker clock or time zone is wrong.</source>
        <translation>Неверно настроены часы или часовой пояс трекера.</translation>
    </message>
    <message>
        <source>The server clock is behind: compare it with a time server.</source>
        <translation>Часы сервера отстают: сверьте их с сервером точного времени.</translation>
    </message>
    <message>
        <source>Server address or port not configured in the tracker.</source>
        <translation>Адрес сервера или порт не настроены в трекере.</translation>
    </message>
    <message>
        <source>APN of the SIM card not configured.</source>
        <translation>Не настроена точка доступа (APN) SIM-карты.</translation>
    </message>
    <message>
        <source>Unique id registered differently from what the tracker sends.</source>
        <translation>Уникальный ID зарегистрирован не так, как его передаёт трекер.</translation>
    </message>
    <message>
        <source>Unblock the device to accept its data again.</source>
        <translation>Разблокируйте устройство, чтобы снова принимать его данные.</translation>
    </message>
</context>
<context>
    <name>fw::storage</name>
    <message>
        <source>the database writer stopped before the device was removed</source>
        <translation>запись в базу данных остановлена до удаления устройства</translation>
    </message>
    <message>
        <source>the database writer is not running</source>
        <translation>запись в базу данных не запущена</translation>
    </message>
    <message>
        <source>the database writer stopped</source>
        <translation>запись в базу данных остановлена</translation>
    </message>
    <message>
        <source>statement refused</source>
        <translation>запрос отклонён</translation>
    </message>
    <message>
        <source>cannot read the access rights</source>
        <translation>не удаётся прочитать права доступа</translation>
    </message>
    <message>
        <source>roles and device groups need a PostgreSQL database (postgresql://ADMIN@HOST/DB); %1 is not one</source>
        <translation>для ролей и групп устройств нужна база PostgreSQL (postgresql://ADMIN@HOST/DB); %1 ею не является</translation>
    </message>
    <message>
        <source>cannot look up table %1</source>
        <translation>не удаётся найти таблицу %1</translation>
    </message>
    <message>
        <source>cannot look up login &quot;%1&quot;</source>
        <translation>не удаётся найти логин «%1»</translation>
    </message>
    <message>
        <source>cannot set up the FleetWatch roles</source>
        <translation>не удаётся настроить роли FleetWatch</translation>
    </message>
    <message>
        <source>login &quot;%1&quot; may not create roles; run db init as the owner of the database with CREATEROLE (or as a superuser such as postgres)</source>
        <translation>логину «%1» нельзя создавать роли; выполните db init от имени владельца базы с правом CREATEROLE (или суперпользователя, например postgres)</translation>
    </message>
    <message>
        <source>table %1 is missing</source>
        <translation>нет таблицы %1</translation>
    </message>
    <message>
        <source>cannot grant %1 to &quot;%2&quot;</source>
        <translation>не удаётся выдать %1 для «%2»</translation>
    </message>
    <message>
        <source>a node stores what every device sends; --groups is for operators and viewers</source>
        <translation>узел сохраняет всё, что присылает любое устройство; --groups предназначен для операторов и наблюдателей</translation>
    </message>
    <message>
        <source>use node, operator or viewer</source>
        <translation>используйте node, operator или viewer</translation>
    </message>
    <message>
        <source>there is no PostgreSQL login &quot;%1&quot; (create it first, e.g. CREATE ROLE &quot;%1&quot; LOGIN PASSWORD &apos;...&apos;)</source>
        <translation>нет логина PostgreSQL «%1» (сначала создайте его, например CREATE ROLE &quot;%1&quot; LOGIN PASSWORD &apos;...&apos;)</translation>
    </message>
    <message>
        <source>the roles are not set up; run fleetwatch db init first</source>
        <translation>роли не настроены; сначала выполните fleetwatch db init</translation>
    </message>
    <message>
        <source>cannot store the device groups</source>
        <translation>не удаётся сохранить группы устройств</translation>
    </message>
    <message>
        <source>only a superuser can let a node bypass row-level security; this node writes positions with INSERT instead of COPY</source>
        <translation>только суперпользователь может разрешить узлу обходить защиту на уровне строк; этот узел записывает позиции через INSERT вместо COPY</translation>
    </message>
    <message>
        <source>cannot revoke the access of &quot;%1&quot;</source>
        <translation>не удаётся отозвать доступ «%1»</translation>
    </message>
    <message>
        <source>there is no PostgreSQL login &quot;%1&quot;</source>
        <translation>нет логина PostgreSQL «%1»</translation>
    </message>
    <message>
        <source>cannot remove the device groups</source>
        <translation>не удаётся удалить группы устройств</translation>
    </message>
    <message>
        <source>the server requires an encrypted (TLS) connection; add ?sslmode=require (or verify-full) to the database URL</source>
        <translation>сервер требует зашифрованного (TLS) соединения; добавьте ?sslmode=require (или verify-full) к адресу базы</translation>
    </message>
    <message>
        <source>the URL asks for an encrypted (TLS) connection (sslmode=%1) but the server does not offer one</source>
        <translation>адрес требует зашифрованного (TLS) соединения (sslmode=%1), но сервер его не предлагает</translation>
    </message>
    <message>
        <source>the server&apos;s TLS certificate could not be verified (check sslrootcert and the host name)</source>
        <translation>не удалось проверить TLS-сертификат сервера (проверьте sslrootcert и имя хоста)</translation>
    </message>
    <message>
        <source>the server refused the password of login &quot;%1&quot;</source>
        <translation>сервер отклонил пароль логина «%1»</translation>
    </message>
    <message>
        <source>the server has no login &quot;%1&quot;</source>
        <translation>на сервере нет логина «%1»</translation>
    </message>
    <message>
        <source>cannot reach the database server at %1:%2</source>
        <translation>не удаётся связаться с сервером базы данных %1:%2</translation>
    </message>
    <message>
        <source>login &quot;%1&quot; may not read this FleetWatch database: it has no FleetWatch role (its owner gives one with fleetwatch db grant) (%2)</source>
        <translation>логину «%1» нельзя читать эту базу FleetWatch: у него нет роли FleetWatch (владелец выдаёт её командой fleetwatch db grant) (%2)</translation>
    </message>
    <message>
        <source>database URL option &quot;%1&quot; is not supported (supported: %2)</source>
        <translation>параметр адреса базы «%1» не поддерживается (поддерживаются: %2)</translation>
    </message>
    <message>
        <source>database URL option &quot;%1&quot; needs a value</source>
        <translation>параметру адреса базы «%1» нужно значение</translation>
    </message>
    <message>
        <source>database URL option &quot;%1&quot; contains a character that cannot be passed on (;)</source>
        <translation>параметр адреса базы «%1» содержит символ, который нельзя передать (;)</translation>
    </message>
    <message>
        <source>database URL option sslmode=%1 is unknown (use one of %2)</source>
        <translation>параметр адреса базы sslmode=%1 неизвестен (используйте один из: %2)</translation>
    </message>
</context>
<context>
    <name>fw::util</name>
    <message>
        <source>no keychain is available</source>
        <translation>хранилище паролей недоступно</translation>
    </message>
</context>
</TS>
