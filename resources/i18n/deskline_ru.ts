<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Alerts</name>
    <message>
        <location filename="../../desktop/ui/alerts.py" line="52"/>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/alerts.py" line="67"/>
        <source>Missed call</source>
        <translation>Пропущенный звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/alerts.py" line="68"/>
        <source>{0} called while every line was busy.</source>
        <translation>{0} звонил(а), когда все линии были заняты.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/alerts.py" line="79"/>
        <source>New appeal</source>
        <translation>Новое обращение</translation>
    </message>
</context>
<context>
    <name>AppealBar</name>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="113"/>
        <source>Accept</source>
        <translation>Принять</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="114"/>
        <source>Transfer…</source>
        <translation>Передать…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="115"/>
        <source>Escalate</source>
        <translation>Старшему</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="116"/>
        <source>Invite…</source>
        <translation>Пригласить…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="117"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="122"/>
        <source>An internal note in the conversation: colleagues and seniors see it, the client never does (Ctrl+Shift+N)</source>
        <translation>Внутренняя заметка в переписке: её видят коллеги и старшие, клиент — никогда (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="118"/>
        <source>Finish work</source>
        <translation>Завершить работу</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="119"/>
        <source>Leave</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="120"/>
        <source>Join</source>
        <translation>Присоединиться</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="121"/>
        <source>Remote session…</source>
        <translation>Удалённый доступ…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="197"/>
        <source>Transfer appeal №%1</source>
        <translation>Передать обращение №%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="214"/>
        <source>Invite a colleague to appeal №%1</source>
        <translation>Пригласить коллегу в обращение №%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="221"/>
        <source>Transfer again?</source>
        <translation>Передать ещё раз?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="222"/>
        <source>This appeal was transferred already. At most one transfer is recommended: the client explains again to each new person. Transfer anyway?</source>
        <translation>Это обращение уже передавали. Рекомендуется передавать не больше одного раза: клиенту приходится объяснять всё заново каждому. Всё равно передать?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="301"/>
        <source>Finished</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="304"/>
        <source>Handed on</source>
        <translation>Передано</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_bar.py" line="306"/>
        <source>Reading: a colleague&apos;s appeal</source>
        <translation>Чтение: обращение коллеги</translation>
    </message>
</context>
<context>
    <name>AppealCard</name>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="83"/>
        <source>Lines: %1</source>
        <translation>Линии: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="87"/>
        <source>Previous appeals</source>
        <translation>Прежние обращения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="87"/>
        <source>No previous appeals</source>
        <translation>Прежних обращений нет</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="110"/>
        <source>Click an appeal&apos;s number to read it</source>
        <translation>Щёлкните номер обращения, чтобы прочитать его</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="131"/>
        <source>stopped by the client</source>
        <translation>остановлен клиентом</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="132"/>
        <source>ended with the appeal</source>
        <translation>завершён вместе с обращением</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="133"/>
        <source>ended on a transfer</source>
        <translation>завершён при передаче</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="134"/>
        <source>the client&apos;s screen went away</source>
        <translation>экран клиента отключился</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="135"/>
        <source>cut off by a restart of the desk</source>
        <translation>прерван перезапуском службы обращений</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_card.py" line="137"/>
        <source>Remote sessions: %1</source>
        <translation>Сеансов удалённого доступа: %1</translation>
    </message>
</context>
<context>
    <name>AppealsFeed</name>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="116"/>
        <source>No appeals for you now.</source>
        <translation>Сейчас обращений для вас нет.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="118"/>
        <source>You are busy for new appeals or away: none are offered to you. What you have stays yours.</source>
        <translation>Вы заняты для новых обращений или отошли: новых вам не предлагают. Ваши обращения остаются за вами.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="121"/>
        <source>The support desk does not answer: no appeals can come or be handed on now. Chat and calls work on; the feed catches up when the desk is back.</source>
        <translation>Служба обращений не отвечает: новые обращения сейчас не приходят и не передаются. Чат и звонки работают; лента догонит, когда служба вернётся.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="123"/>
        <source>Accept</source>
        <translation>Принять</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="124"/>
        <source>Take</source>
        <translation>Взять</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="125"/>
        <source>Finish work</source>
        <translation>Завершить работу</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="169"/>
        <source>Finish work?</source>
        <translation>Завершить работу?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="170"/>
        <source>Finish work on appeal №%1 of %2? It is not the conversation open now.</source>
        <translation>Завершить работу по обращению №%1 от %2? Сейчас открыт другой разговор.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="206"/>
        <source>Offered to me</source>
        <translation>Предложены мне</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="210"/>
        <source>Queue of my lines</source>
        <translation>Очередь моих линий</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="211"/>
        <source>Finished today</source>
        <translation>Завершены сегодня</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/appeals_feed.py" line="232"/>
        <source>… and %n more waiting</source>
        <translation>
            <numerusform>… и ещё %n ждёт</numerusform>
            <numerusform>… и ещё %n ждут</numerusform>
            <numerusform>… и ещё %n ждут</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="264"/>
        <source>phone</source>
        <translation>звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="264"/>
        <source>call back</source>
        <translation>перезвонить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="265"/>
        <source>chat</source>
        <translation>чат</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="282"/>
        <source>waiting %1</source>
        <translation>ждёт %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="288"/>
        <source>not rated yet</source>
        <translation>оценки пока нет</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="291"/>
        <source>Taking part</source>
        <translation>Участвую</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_feed.py" line="208"/>
        <location filename="../../desktop/ui/appeals_feed.py" line="294"/>
        <source>In work</source>
        <translation>В работе</translation>
    </message>
</context>
<context>
    <name>AppealsPlace</name>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="143"/>
        <source>Also watching: %1</source>
        <translation>Также смотрят: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="190"/>
        <source>Sign in to the chat first.</source>
        <translation>Сначала войдите в чат.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="96"/>
        <location filename="../../desktop/ui/appeals_place.py" line="193"/>
        <source>Deskline support</source>
        <translation>Поддержка Deskline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="230"/>
        <source>You are reading a colleague&apos;s appeal: Join to write to the client.</source>
        <translation>Вы читаете обращение коллеги: нажмите «Присоединиться», чтобы писать клиенту.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="234"/>
        <source>Appeal №%1 is finished: read only.</source>
        <translation>Обращение №%1 завершено: только чтение.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="238"/>
        <source>This appeal is not in your work: nothing more can be written to it.</source>
        <translation>Это обращение не у вас в работе: писать в него больше нельзя.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="261"/>
        <source>Line «%1» · appeal №%2</source>
        <translation>Линия «%1» · обращение №%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="246"/>
        <source>Appeals</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeals_place.py" line="252"/>
        <source>Appeal №%1 · %2 · %3</source>
        <translation>Обращение №%1 · %2 · %3</translation>
    </message>
</context>
<context>
    <name>AssistWindow</name>
    <message>
        <location filename="../../desktop/ui/assist.py" line="52"/>
        <source>Deskline assist</source>
        <translation>Deskline: помощь</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="64"/>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="69"/>
        <source>Sign in with your chat account. When your support specialist asks to see your screen, you will be asked here first.</source>
        <translation>Войдите со своей учётной записью чата. Когда специалист поддержки попросит показать экран, вас сначала спросят здесь.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="75"/>
        <source>Chat address</source>
        <translation>Адрес в чате</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="76"/>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="80"/>
        <source>&lt;b&gt;Or&lt;/b&gt;, without a chat account: the code your specialist gives you</source>
        <translation>&lt;b&gt;Или&lt;/b&gt;, без учётной записи чата: код, который назовёт специалист</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="89"/>
        <source>Connect with the code</source>
        <translation>Подключиться по коду</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="95"/>
        <source>Support&apos;s address</source>
        <translation>Адрес поддержки</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="96"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="109"/>
        <source>The code has eight digits, and the support&apos;s address begins with wss://.</source>
        <translation>В коде восемь цифр, а адрес поддержки начинается с wss://.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="116"/>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="129"/>
        <source>The support&apos;s address did not answer: check it, and your connection.</source>
        <translation>Адрес поддержки не отвечает: проверьте его и подключение к сети.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="131"/>
        <source>This code is not valid (or no longer): ask your specialist for a new one.</source>
        <translation>Код неверен (или уже недействителен): попросите у специалиста новый.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="133"/>
        <source>The session is over. A new one needs a new code.</source>
        <translation>Сеанс завершён. Для нового нужен новый код.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="147"/>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="152"/>
        <source>Signed in as %1. Your specialist can now ask to see your screen; you decide here.</source>
        <translation>Вы вошли как %1. Специалист может попросить показать экран; решаете вы, здесь.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/assist.py" line="156"/>
        <source>Not signed in: check the address and the password.</source>
        <translation>Вход не выполнен: проверьте адрес и пароль.</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="55"/>
        <source>Use a USB headset for calls as soon as it is plugged in</source>
        <translation>Переключаться на USB-гарнитуру, как только она подключена</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="59"/>
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="60"/>
        <source>Speaker (calls)</source>
        <translation>Динамик (разговор)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="61"/>
        <source>Ringing on
(none: the default)</source>
        <translation>Звонок на
(ничего не выбрано: по умолчанию)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="62"/>
        <source>Notification sounds on</source>
        <translation>Звуки уведомлений на</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="77"/>
        <source>Headset test</source>
        <translation>Проверка гарнитуры</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="82"/>
        <source>Play a test sound</source>
        <translation>Проиграть тестовый звук</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="85"/>
        <source>Echo test</source>
        <translation>Эхо-тест</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="95"/>
        <source>Microphone level</source>
        <translation>Уровень микрофона</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="102"/>
        <source>Headset buttons and global hotkeys</source>
        <translation>Кнопки гарнитуры и глобальные горячие клавиши</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="106"/>
        <source>Global hotkeys (work when Deskline is not in front)</source>
        <translation>Глобальные горячие клавиши (работают, когда Deskline не на переднем плане)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="115"/>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="115"/>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="116"/>
        <source>Mute</source>
        <translation>Выключить микрофон</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="144"/>
        <source>No sound server found: devices cannot be listed.</source>
        <translation>Звуковой сервер не найден: список устройств недоступен.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="150"/>
        <source>System default</source>
        <translation>Системное по умолчанию</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="171"/>
        <source>The microphone cannot be opened ({0}).</source>
        <translation>Микрофон не удаётся открыть ({0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="180"/>
        <source>Playing a test sound on {0}.</source>
        <translation>Тестовый звук на {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="186"/>
        <source>Say something: recording {0} s…</source>
        <translation>Скажите что-нибудь: запись {0} с…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="193"/>
        <source>Nothing was recorded: check the microphone.</source>
        <translation>Ничего не записалось: проверьте микрофон.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audio_page.py" line="196"/>
        <source>Playing back what was recorded.</source>
        <translation>Воспроизводим записанное.</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="113"/>
        <location filename="../../desktop/ui/call_panel.py" line="242"/>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="113"/>
        <source>Mute</source>
        <translation>Выключить микрофон</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="114"/>
        <source>Transfer…</source>
        <translation>Перевести…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="115"/>
        <source>Consult…</source>
        <translation>Консультация…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="116"/>
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="117"/>
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="119"/>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="120"/>
        <source>Comment: what was done, what was agreed</source>
        <translation>Комментарий: что сделано, о чём договорились</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="187"/>
        <source>MOS %1 · loss %2% · jitter %3 ms</source>
        <translation>MOS %1 · потери %2% · джиттер %3 мс</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="192"/>
        <source>The line is poor: offer to call the client back.</source>
        <translation>Плохая связь: предложите клиенту перезвонить.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="196"/>
        <source>Line: good</source>
        <translation>Связь: хорошая</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="198"/>
        <source>Estimated from the call&apos;s RTCP reports: MOS 4.5 is as good as a phone call gets, below 3.6 people repeat themselves</source>
        <translation>Оценка по отчётам RTCP звонка: MOS 4,5 — лучшее, что бывает у телефонного звонка, ниже 3,6 собеседникам приходится переспрашивать</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="236"/>
        <source>Tones sent: {0}</source>
        <translation>Отправлены тоны: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="237"/>
        <source>Tones received: {0}</source>
        <translation>Получены тоны: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="242"/>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="286"/>
        <source>Colleague, number or SIP address:</source>
        <translation>Коллега, номер или SIP-адрес:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="296"/>
        <source>Transfer</source>
        <translation>Перевод</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="304"/>
        <source>Consult a colleague</source>
        <translation>Консультация с коллегой</translation>
    </message>
</context>
<context>
    <name>ChatFiles</name>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="52"/>
        <source>Send a file or a picture (or paste a screenshot, or drop files here)</source>
        <translation>Отправить файл или картинку (или вставьте снимок экрана, или перетащите файлы сюда)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="58"/>
        <source>Send a file</source>
        <translation>Отправить файл</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="83"/>
        <source>Sending %1…</source>
        <translation>Отправляется %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="92"/>
        <source>%1 is too big: the chat server takes files of at most %2.</source>
        <translation>%1 слишком большой: чат-сервер принимает файлы не больше %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="94"/>
        <source>%1 was not sent: the chat server takes no files.</source>
        <translation>%1 не отправлен: чат-сервер не принимает файлы.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="96"/>
        <source>%1 was not sent: the chat is not connected.</source>
        <translation>%1 не отправлен: нет подключения к чату.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="97"/>
        <source>%1 cannot be read.</source>
        <translation>Не удаётся прочитать %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="98"/>
        <source>%1 was not sent: the upload failed. Try again.</source>
        <translation>%1 не отправлен: загрузка не удалась. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files.py" line="101"/>
        <source>The picture</source>
        <translation>Картинка</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="157"/>
        <source>Choose a contact to see the conversation.</source>
        <translation>Выберите контакт, чтобы открыть переписку.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="273"/>
        <source>Message (Enter sends, Shift+Enter: new line)</source>
        <translation>Сообщение (Enter — отправить, Shift+Enter — новая строка)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="147"/>
        <location filename="../../desktop/ui/chat_pane.py" line="265"/>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="137"/>
        <source>Do not quote (Esc)</source>
        <translation>Без цитаты (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="138"/>
        <source>Quote</source>
        <translation>Цитировать</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="139"/>
        <source>Reply quoting the selected text (or their last message); Alt+Q</source>
        <translation>Ответить с цитатой выделенного текста (или последнего сообщения); Alt+Q</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="141"/>
        <source>Quick replies</source>
        <translation>Быстрые ответы</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="142"/>
        <source>Ctrl+1 … Ctrl+9</source>
        <translation>Ctrl+1 … Ctrl+9</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="143"/>
        <source>Internal note</source>
        <translation>Внутренняя заметка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="144"/>
        <source>Write a note only colleagues see, never the client (Ctrl+Shift+N)</source>
        <translation>Написать заметку, которую видят только коллеги, но не клиент (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="146"/>
        <location filename="../../desktop/ui/chat_pane.py" line="265"/>
        <source>Save note</source>
        <translation>Сохранить заметку</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="271"/>
        <source>Internal note: only colleagues see it (Enter saves)</source>
        <translation>Внутренняя заметка: её видят только коллеги (Enter — сохранить)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="380"/>
        <source>Replying to: “{0}”</source>
        <translation>Ответ на: «{0}»</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="398"/>
        <source>The message is empty.</source>
        <translation>Сообщение пустое.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="399"/>
        <source>The message has {0} characters; at most {1} can be sent at once. Split it, please.</source>
        <translation>В сообщении {0} символов; за один раз можно отправить не больше {1}. Разделите его, пожалуйста.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="481"/>
        <source>%1 is typing…</source>
        <translation>%1 печатает…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_pane.py" line="136"/>
        <source>You</source>
        <translation>Вы</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../desktop/ui/chat_view.py" line="194"/>
        <source>(quoted message not found here)</source>
        <translation>(цитируемое сообщение здесь не найдено)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_view.py" line="198"/>
        <source>(edited)</source>
        <translation>(изменено)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_view.py" line="202"/>
        <source>internal note, colleagues only</source>
        <translation>внутренняя заметка, только для коллег</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../../desktop/ui/contacts.py" line="89"/>
        <source>Search contacts</source>
        <translation>Поиск контактов</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts.py" line="123"/>
        <location filename="../../desktop/ui/contacts.py" line="129"/>
        <source>not in your contacts</source>
        <translation>нет в ваших контактах</translation>
    </message>
</context>
<context>
    <name>CurtainPanel</name>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="90"/>
        <source>Choose a contact to see their card.</source>
        <translation>Выберите контакт, чтобы увидеть его карточку.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="143"/>
        <source>Address as: {0}</source>
        <translation>Как обращаться: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="152"/>
        <source>Offline: reach them by phone</source>
        <translation>Не в сети: свяжитесь по телефону</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="175"/>
        <source>mobile</source>
        <translation>мобильный</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="175"/>
        <source>work</source>
        <translation>рабочий</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="175"/>
        <source>other</source>
        <translation>другой</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="183"/>
        <source>Put this number into the dialer</source>
        <translation>Набрать этот номер</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="187"/>
        <source>in the app</source>
        <translation>в приложении</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="189"/>
        <source>Call now, in Deskline</source>
        <translation>Позвонить сейчас из Deskline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/curtain.py" line="221"/>
        <source>Recent calls</source>
        <translation>Последние звонки</translation>
    </message>
</context>
<context>
    <name>Deskline</name>
    <message>
        <location filename="../../desktop/app.py" line="144"/>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="343"/>
        <source>
(It cannot be saved: {0}; it is kept until Deskline quits.)</source>
        <translation>
(Его нельзя сохранить: {0}; он хранится до выхода из Deskline.)</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="347"/>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="348"/>
        <source>Password for {0}:{1}</source>
        <translation>Пароль для {0}:{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="483"/>
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="486"/>
        <source>Sounds and notifications</source>
        <translation>Звуки и уведомления</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="488"/>
        <source>Quick replies</source>
        <translation>Быстрые ответы</translation>
    </message>
</context>
<context>
    <name>DialerPanel</name>
    <message>
        <location filename="../../desktop/ui/dialer.py" line="99"/>
        <source>Number or SIP address</source>
        <translation>Номер или SIP-адрес</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialer.py" line="100"/>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialer.py" line="101"/>
        <source>Keypad</source>
        <translation>Клавиатура</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialer.py" line="102"/>
        <source>Keys for tones during the call</source>
        <translation>Клавиши для тонового набора во время звонка</translation>
    </message>
</context>
<context>
    <name>EmojiButton</name>
    <message>
        <location filename="../../desktop/ui/emoji_picker.py" line="52"/>
        <source>Emoji</source>
        <translation>Эмодзи</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../desktop/ui/find_bar.py" line="86"/>
        <source>Find in the conversation</source>
        <translation>Найти в переписке</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_bar.py" line="87"/>
        <source>Previous (Shift+Enter)</source>
        <translation>Предыдущее (Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_bar.py" line="88"/>
        <source>Next (Enter)</source>
        <translation>Следующее (Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_bar.py" line="89"/>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_bar.py" line="167"/>
        <source>Not found</source>
        <translation>Не найдено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_bar.py" line="169"/>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <location filename="../../desktop/ui/header.py" line="81"/>
        <location filename="../../desktop/ui/header.py" line="119"/>
        <source>Open your profile</source>
        <translation>Открыть свой профиль</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/header.py" line="84"/>
        <source>Menu</source>
        <translation>Меню</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/header.py" line="85"/>
        <source>Card</source>
        <translation>Карточка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/header.py" line="86"/>
        <source>Show or hide the card of the selected person (Ctrl+I)</source>
        <translation>Показать или скрыть карточку выбранного человека (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/header.py" line="100"/>
        <source>Set automatically: no input for a while</source>
        <translation>Установлено автоматически: вы давно не работали с компьютером</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/header.py" line="117"/>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
</context>
<context>
    <name>HeadsetService</name>
    <message>
        <location filename="../../desktop/audio/headset.py" line="58"/>
        <source>HID support is not available ({0}).</source>
        <translation>Поддержка HID недоступна ({0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/headset.py" line="64"/>
        <source>No headset buttons found: no USB headset with telephony controls, or no access to /dev/hidraw* (add a udev rule for your headset).</source>
        <translation>Кнопки гарнитуры не найдены: нет USB-гарнитуры с телефонными кнопками или нет доступа к /dev/hidraw* (добавьте правило udev для своей гарнитуры).</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/headset.py" line="90"/>
        <source>{0}: cannot be opened ({1}).</source>
        <translation>{0}: не удаётся открыть ({1}).</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/headset.py" line="139"/>
        <source>No headset</source>
        <translation>Гарнитуры нет</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/headset.py" line="153"/>
        <source>{0}: buttons and lights connected</source>
        <translation>{0}: кнопки и индикаторы подключены</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/headset.py" line="179"/>
        <source>No headset buttons: the lookup failed ({0}).</source>
        <translation>Кнопки гарнитуры недоступны: поиск не удался ({0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/headset.py" line="192"/>
        <source>The headset was unplugged.</source>
        <translation>Гарнитура отключена.</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="34"/>
        <source>Deskline: the specialist&apos;s guide</source>
        <translation>Deskline: руководство специалиста</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="45"/>
        <source>{first_name}, {patronymic} and {name} become the client&apos;s name; {my_name}, yours. Settings → Quick replies changes them.</source>
        <translation>{first_name}, {patronymic} и {name} заменяются именем клиента, {my_name} — вашим. Изменить ответы: Настройки → Быстрые ответы.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="57"/>
        <source>An appeal is offered to you with its line&apos;s clock: accept it before the clock runs out (it turns amber in the last minute, red when late), or it goes to a colleague. Enter on the offer accepts and opens it.</source>
        <translation>Обращение предлагается вам со временем линии: примите его, пока время не вышло (в последнюю минуту часы жёлтые, при опоздании красные), иначе оно уйдёт коллеге. Enter на предложении принимает и открывает его.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="60"/>
        <source>Acknowledge at once: Ctrl+Shift+A sends quick reply 2, addressed to the client by name and patronymic.</source>
        <translation>Сразу подтвердите приём: Ctrl+Shift+A отправляет быстрый ответ 2 с обращением к клиенту по имени и отчеству.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="62"/>
        <source>Busy for new appeals: nothing new is offered to you; what you have stays yours. Away (also after minutes without input) hands back the offers you have not accepted.</source>
        <translation>«Занят для новых обращений»: новых обращений вам не предлагают, начатые остаются у вас. «Отошли» (и само собой после нескольких минут бездействия) возвращает непринятые предложения.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="65"/>
        <source>Transfer at most once (Ctrl+Shift+T): each new person makes the client explain again. A transfer can carry an internal note for the next one. Escalate (Ctrl+Shift+E) goes to a senior of the line who is online.</source>
        <translation>Передавайте не больше одного раза (Ctrl+Shift+T): каждому новому человеку клиент объясняет заново. К передаче можно приложить внутреннюю заметку. Эскалация (Ctrl+Shift+E) — старшему специалисту линии, который в сети.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="68"/>
        <source>Internal notes (🔒 Note, Ctrl+Shift+N) are for colleagues and seniors; the client never sees them.</source>
        <translation>Внутренние заметки (🔒 Заметка, Ctrl+Shift+N) — для коллег и старших; клиент их никогда не видит.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="70"/>
        <source>The control question starts the line&apos;s auto-finish clock; the client&apos;s answer stops it.</source>
        <translation>Контрольный вопрос запускает отсчёт автозавершения линии; ответ клиента его останавливает.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="72"/>
        <source>Finish work (Ctrl+Shift+F) asks the client for a rating from 1 to 5; it shows in the finished list and on the client&apos;s card.</source>
        <translation>«Завершить работу» (Ctrl+Shift+F) просит клиента оценить работу от 1 до 5; оценка видна в списке завершённых и в карточке клиента.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="79"/>
        <source>Your control question is quick reply %1:</source>
        <translation>Ваш контрольный вопрос — быстрый ответ %1:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="85"/>
        <source>Menu → Write to Deskline support opens a conversation with the makers of Deskline: there you are the client.</source>
        <translation>Меню → Написать в поддержку Deskline открывает переписку с разработчиками Deskline: там клиент — вы.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="91"/>
        <source>Appeals and calls are offered to you.</source>
        <translation>Вам предлагаются обращения и звонки.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="92"/>
        <source>Nothing new is offered; your appeals and calls stay.</source>
        <translation>Новое не предлагается; ваши обращения и звонки остаются.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="93"/>
        <source>Offers not yet accepted go to colleagues; set by itself after minutes without input.</source>
        <translation>Непринятые предложения уходят коллегам; включается сам после нескольких минут бездействия.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_window.py" line="95"/>
        <source>Signed out of the chat: nothing is offered.</source>
        <translation>Вы не в чате: ничего не предлагается.</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../desktop/ui/history.py" line="81"/>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="81"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="82"/>
        <source>No calls yet. The calls you make and take come here, with how they ended and your comments; double-click one to call back.</source>
        <translation>Звонков пока нет. Здесь будут звонки, которые вы совершаете и принимаете, — с итогом и вашими комментариями; двойной щелчок перезванивает.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="113"/>
        <source>poor line (MOS %1)</source>
        <translation>плохая связь (MOS %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="133"/>
        <source>transferred</source>
        <translation>переведён</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="133"/>
        <source>answered</source>
        <translation>отвечен</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="134"/>
        <source>declined</source>
        <translation>отклонён</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="134"/>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="135"/>
        <source>busy</source>
        <translation>занято</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="135"/>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="136"/>
        <source>not found</source>
        <translation>номер не найден</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="136"/>
        <source>unreachable</source>
        <translation>недоступен</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="137"/>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="138"/>
        <source>missed: every line was busy</source>
        <translation>пропущен: все линии были заняты</translation>
    </message>
</context>
<context>
    <name>HotkeyService</name>
    <message>
        <location filename="../../desktop/audio/hotkeys.py" line="53"/>
        <location filename="../../desktop/audio/hotkeys.py" line="60"/>
        <source>Global hotkeys are off.</source>
        <translation>Глобальные горячие клавиши выключены.</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/hotkeys.py" line="66"/>
        <source>Global hotkeys are not available here: {0}</source>
        <translation>Глобальные горячие клавиши здесь недоступны: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/hotkeys.py" line="75"/>
        <source>A hotkey cannot be used: {0}</source>
        <translation>Эту горячую клавишу нельзя использовать: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/hotkeys.py" line="78"/>
        <source>answer</source>
        <translation>ответить</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/hotkeys.py" line="79"/>
        <source>hang up</source>
        <translation>завершить</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/hotkeys.py" line="80"/>
        <source>mute</source>
        <translation>микрофон</translation>
    </message>
    <message>
        <location filename="../../desktop/audio/hotkeys.py" line="81"/>
        <source>Global hotkeys are on: </source>
        <translation>Глобальные горячие клавиши включены: </translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <location filename="../../desktop/ui/image_view.py" line="30"/>
        <source>This picture cannot be shown.</source>
        <translation>Эту картинку нельзя показать.</translation>
    </message>
</context>
<context>
    <name>IncomingCallPopup</name>
    <message>
        <location filename="../../desktop/ui/incoming_popup.py" line="39"/>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/incoming_popup.py" line="50"/>
        <source>calls you</source>
        <translation>звонит вам</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/incoming_popup.py" line="60"/>
        <source>Answer (Enter)</source>
        <translation>Ответить (Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/incoming_popup.py" line="65"/>
        <source>Decline (Esc)</source>
        <translation>Отклонить (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/incoming_popup.py" line="99"/>
        <source>ringing %1 s · answer within %2 s</source>
        <translation>звонит %1 с · ответить за %2 с</translation>
    </message>
</context>
<context>
    <name>LinkCalls</name>
    <message>
        <location filename="../../desktop/ui/link_calls.py" line="66"/>
        <location filename="../../desktop/ui/link_calls.py" line="70"/>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_calls.py" line="67"/>
        <source>Call %1?</source>
        <translation>Позвонить на %1?</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="123"/>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="124"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="125"/>
        <source>Profile…</source>
        <translation>Профиль…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="126"/>
        <source>Write to Deskline support…</source>
        <translation>Написать в поддержку Deskline…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="127"/>
        <source>Keyboard shortcuts…</source>
        <translation>Горячие клавиши…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="128"/>
        <source>The specialist&apos;s guide…</source>
        <translation>Руководство специалиста…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="129"/>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="130"/>
        <source>Reports…</source>
        <translation>Отчёты…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="131"/>
        <source>Online monitor…</source>
        <translation>Онлайн-монитор…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="132"/>
        <location filename="../../desktop/ui/main_window.py" line="407"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="250"/>
        <source>Line %1 — %2</source>
        <translation>Линия %1 — %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="257"/>
        <source>%1 · appeal №%2</source>
        <translation>%1 · обращение №%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="267"/>
        <source>%1 is offline: an appeal goes only to a colleague who is online.</source>
        <translation>%1 не в сети: обращение передаётся только коллеге в сети.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="274"/>
        <source>A line takes a call by Transfer, not by Consult.</source>
        <translation>На линию звонок передают кнопкой «Передать…», а не через консультацию.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="308"/>
        <source>%1 has no phone number on the card.</source>
        <translation>В карточке %1 нет номера телефона.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="351"/>
        <source>Keyboard shortcuts</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="402"/>
        <source>Quit Deskline?</source>
        <translation>Выйти из Deskline?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/main_window.py" line="403"/>
        <source>Appeals in your work: %n. After you quit they stay yours and their clients wait for you: finish or transfer them first?</source>
        <translation>
            <numerusform>У вас в работе %n обращение. После выхода оно останется за вами, и клиент будет ждать: завершить или передать его сначала?</numerusform>
            <numerusform>У вас в работе %n обращения. После выхода они останутся за вами, и клиенты будут ждать: завершить или передать их сначала?</numerusform>
            <numerusform>У вас в работе %n обращений. После выхода они останутся за вами, и клиенты будут ждать: завершить или передать их сначала?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="408"/>
        <source>Stay</source>
        <translation>Остаться</translation>
    </message>
</context>
<context>
    <name>MonitorWindow</name>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="40"/>
        <source>In the queue</source>
        <translation>В очереди</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="41"/>
        <location filename="../../desktop/ui/monitor_window.py" line="110"/>
        <source>Offered</source>
        <translation>Предложено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="42"/>
        <location filename="../../desktop/ui/monitor_window.py" line="111"/>
        <source>In work</source>
        <translation>В работе</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="46"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="47"/>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="48"/>
        <source>Chat</source>
        <translation>Чат</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="108"/>
        <source>Online monitor</source>
        <translation>Онлайн-монитор</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="110"/>
        <location filename="../../desktop/ui/monitor_window.py" line="117"/>
        <source>Line</source>
        <translation>Линия</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="110"/>
        <source>Queue</source>
        <translation>Очередь</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="110"/>
        <source>Longest wait</source>
        <translation>Дольше всех ждёт</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="111"/>
        <source>Free</source>
        <translation>Свободны</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="111"/>
        <source>Busy for new</source>
        <translation>Заняты для новых</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="111"/>
        <source>Away</source>
        <translation>Отошли</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="113"/>
        <location filename="../../desktop/ui/monitor_window.py" line="118"/>
        <source>Specialist</source>
        <translation>Специалист</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="113"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="113"/>
        <source>Appeals in work</source>
        <translation>Обращений в работе</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="161"/>
        <source>The online monitor shows a line&apos;s queue and its specialists to the line&apos;s seniors. You are not a senior of any line, so there is nothing here for you; your own appeals are in the Appeals tab.</source>
        <translation>Онлайн-монитор показывает очередь линии и её специалистов старшим этой линии. Вы не старший ни одной линии, поэтому здесь для вас ничего нет; ваши обращения — во вкладке «Обращения».</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="244"/>
        <source>Accepted: no clock runs for it now</source>
        <translation>Принято: срок для него больше не идёт</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="114"/>
        <source>On a call · screen</source>
        <translation>Звонок · экран</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="115"/>
        <source>Finished today</source>
        <translation>Завершено сегодня</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="115"/>
        <source>Rating today</source>
        <translation>Оценка сегодня</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="117"/>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="117"/>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="117"/>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="118"/>
        <source>On the line</source>
        <translation>На линии</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="118"/>
        <source>Clock</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="119"/>
        <source>Open appeal</source>
        <translation>Открыть обращение</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="120"/>
        <source>Join</source>
        <translation>Присоединиться</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="121"/>
        <source>Take part in the appeal beside its specialist</source>
        <translation>Участвовать в обращении вместе с его специалистом</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="122"/>
        <source>Open appeals</source>
        <translation>Открытые обращения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor_window.py" line="165"/>
        <source>The support desk does not answer; the monitor waits for it.</source>
        <translation>Служба обращений не отвечает; монитор ждёт её.</translation>
    </message>
</context>
<context>
    <name>OfferBanner</name>
    <message>
        <location filename="../../desktop/ui/offer_banner.py" line="56"/>
        <source>Accept</source>
        <translation>Принять</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_banner.py" line="77"/>
        <source>New appeal №%1 · %2 · %3</source>
        <translation>Новое обращение №%1 · %2 · %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_banner.py" line="82"/>
        <source>and %1 more waiting</source>
        <translation>и ещё %1 ждут</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="46"/>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="54"/>
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="55"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="56"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="57"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="58"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="59"/>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="60"/>
        <source>Mobile phone</source>
        <translation>Мобильный телефон</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="61"/>
        <source>Work phone</source>
        <translation>Рабочий телефон</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="64"/>
        <source>Chat account</source>
        <translation>Учётная запись чата</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="68"/>
        <source>Choose photo…</source>
        <translation>Выбрать фото…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="105"/>
        <source>Choose a photo</source>
        <translation>Выберите фото</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="106"/>
        <source>Images (*.png *.jpg *.jpeg *.webp)</source>
        <translation>Изображения (*.png *.jpg *.jpeg *.webp)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="143"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="152"/>
        <source>Not signed in to the chat server.</source>
        <translation>Нет входа на сервер чата.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="154"/>
        <source>Not connected to the chat server; try again later.</source>
        <translation>Нет связи с сервером чата; попробуйте позже.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profile_dialog.py" line="155"/>
        <source>The chat server did not take the profile.</source>
        <translation>Сервер чата не принял профиль.</translation>
    </message>
</context>
<context>
    <name>QuickRepliesPage</name>
    <message>
        <location filename="../../desktop/ui/quick_replies_page.py" line="18"/>
        <source>One reply per paragraph (separate them with an empty line). Ctrl+1 … Ctrl+9 in a conversation insert the first nine. Placeholders: {first_name}, {patronymic}, {name} (name and patronymic), {my_name}.</source>
        <translation>Один ответ — один абзац (разделяйте пустой строкой). Ctrl+1 … Ctrl+9 в переписке вставляют первые девять. Подстановки: {first_name}, {patronymic}, {name} (имя и отчество), {my_name}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/quick_replies_page.py" line="27"/>
        <source>Sent in an appeal, it starts the clock after which the appeal finishes by itself unless the client answers.</source>
        <translation>Отправленный в обращении, он запускает отсчёт, после которого обращение завершится само, если клиент не ответит.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/quick_replies_page.py" line="33"/>
        <source>Control question:</source>
        <translation>Контрольный вопрос:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/quick_replies_page.py" line="47"/>
        <source>— none —</source>
        <translation>— нет —</translation>
    </message>
</context>
<context>
    <name>RemoteShareUi</name>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="99"/>
        <source>Remote session request</source>
        <translation>Запрос удалённого доступа</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="92"/>
        <source>%1 asks to see your screen to help with appeal №%2 (%3).

Nobody sees anything until you allow it; nobody controls anything unless you allow that too. You can stop at any time.</source>
        <translation>%1 просит показать ваш экран, чтобы помочь по обращению №%2 (%3).

Никто ничего не увидит, пока вы не разрешите; управлять никто не сможет, пока вы не разрешите и это. Остановить можно в любой момент.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="95"/>
        <source>A specialist</source>
        <translation>Специалист</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="104"/>
        <source>%1 asks to control your screen (keyboard and mouse).

You can take it back at any time.</source>
        <translation>%1 просит разрешить управление вашим экраном (клавиатура и мышь).

Вы можете забрать управление в любой момент.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="99"/>
        <source>&amp;Allow</source>
        <translation>&amp;Разрешить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="120"/>
        <source>&amp;Decline</source>
        <translation>&amp;Отказать</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="106"/>
        <source>Control of your screen</source>
        <translation>Управление вашим экраном</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="107"/>
        <source>&amp;Allow control</source>
        <translation>&amp;Разрешить управление</translation>
    </message>
</context>
<context>
    <name>RemoteWindow</name>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="37"/>
        <source>Remote session · appeal №%1</source>
        <translation>Удалённый доступ · обращение №%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="38"/>
        <source>Connecting to the client&apos;s screen…</source>
        <translation>Подключение к экрану клиента…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="43"/>
        <source>Fit to window</source>
        <translation>По размеру окна</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="47"/>
        <source>Ask for control</source>
        <translation>Попросить управление</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="51"/>
        <source>Ctrl+Alt+Del</source>
        <translation>Ctrl+Alt+Del</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="53"/>
        <source>Send Ctrl+Alt+Del to the client&apos;s computer</source>
        <translation>Отправить Ctrl+Alt+Del на компьютер клиента</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="55"/>
        <source>Paste to the client</source>
        <translation>Вставить клиенту</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="57"/>
        <source>Your clipboard&apos;s text into the client&apos;s clipboard (theirs comes into yours while you control)</source>
        <translation>Текст из вашего буфера обмена — в буфер клиента (его буфер приходит в ваш, пока вы управляете)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="61"/>
        <source>End…</source>
        <translation>Завершить…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="98"/>
        <source>End the remote session</source>
        <translation>Завершить удалённый доступ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="99"/>
        <source>What was done, what was agreed (required):</source>
        <translation>Что сделано, о чём договорились (обязательно):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="129"/>
        <source>The client&apos;s clipboard is in yours.</source>
        <translation>Буфер обмена клиента скопирован в ваш.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="132"/>
        <source>The client&apos;s screen, view only until they grant control.</source>
        <translation>Экран клиента; только просмотр, пока клиент не разрешит управление.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="134"/>
        <source>The connection to the client&apos;s screen failed.</source>
        <translation>Соединение с экраном клиента прервалось.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_window.py" line="135"/>
        <source>The client&apos;s screen refused the password.</source>
        <translation>Экран клиента не принял пароль.</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <location filename="../../desktop/ui/report_charts.py" line="73"/>
        <source>Appeals and the wait to be accepted</source>
        <translation>Обращения и ожидание принятия</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_charts.py" line="74"/>
        <source>Appeals</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_charts.py" line="74"/>
        <source>Wait to accept, minutes</source>
        <translation>Ожидание принятия, минуты</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_charts.py" line="75"/>
        <source>minutes</source>
        <translation>минуты</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_charts.py" line="78"/>
        <source>Ratings</source>
        <translation>Оценки</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_charts.py" line="78"/>
        <source>Rated</source>
        <translation>Оценено</translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="27"/>
        <location filename="../../desktop/ui/report_tables.py" line="65"/>
        <source>Appeals</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="27"/>
        <source>Chats</source>
        <translation>Чаты</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="28"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="28"/>
        <source>Accepted within target, %</source>
        <translation>Принято в срок, %</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="29"/>
        <source>Accept, median</source>
        <translation>Принятие, медиана</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="29"/>
        <source>Accept, p90</source>
        <translation>Принятие, p90</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="30"/>
        <source>First response, median</source>
        <translation>Первый ответ, медиана</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="31"/>
        <source>First response, p90</source>
        <translation>Первый ответ, p90</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="32"/>
        <source>Finish, median</source>
        <translation>Завершение, медиана</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="32"/>
        <source>Finish, p90</source>
        <translation>Завершение, p90</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="33"/>
        <source>Missed offers</source>
        <translation>Пропущено предложений</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="33"/>
        <source>Transferred once</source>
        <translation>Передано один раз</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="34"/>
        <source>Transferred more than once</source>
        <translation>Передано больше раза</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="35"/>
        <source>Finished without rating</source>
        <translation>Завершено без оценки</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="36"/>
        <source>Average rating</source>
        <translation>Средняя оценка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="36"/>
        <source>Ratings 1/2/3/4/5</source>
        <translation>Оценки 1/2/3/4/5</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="37"/>
        <source>Remote sessions</source>
        <translation>Сеансы удалённого доступа</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="37"/>
        <source>Remote sessions, time</source>
        <translation>Удалённый доступ, время</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="39"/>
        <source>Calls measured</source>
        <translation>Звонков с оценкой связи</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="39"/>
        <source>Calls on a poor line</source>
        <translation>Звонков с плохой связью</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="40"/>
        <source>Returned to the partner</source>
        <translation>Возвращено партнёру</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="41"/>
        <source>Received from the vendor</source>
        <translation>Получено от вендора</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="49"/>
        <source>Lines</source>
        <translation>Линии</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="49"/>
        <location filename="../../desktop/ui/report_tables.py" line="58"/>
        <source>Line</source>
        <translation>Линия</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="51"/>
        <source>Specialists</source>
        <translation>Специалисты</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="51"/>
        <location filename="../../desktop/ui/report_tables.py" line="58"/>
        <source>Specialist</source>
        <translation>Специалист</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="55"/>
        <source>Comments</source>
        <translation>Комментарии</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/report_tables.py" line="56"/>
        <source>Comments (the newest; %n older not shown)</source>
        <translation>
            <numerusform>Комментарии (последние; ещё %n более ранний не показан)</numerusform>
            <numerusform>Комментарии (последние; ещё %n более ранних не показаны)</numerusform>
            <numerusform>Комментарии (последние; ещё %n более ранних не показаны)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="58"/>
        <source>Appeal</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="59"/>
        <source>Rating</source>
        <translation>Оценка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="59"/>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="64"/>
        <source>Hours</source>
        <translation>По часам</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="64"/>
        <source>Days</source>
        <translation>По дням</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="65"/>
        <source>Hour</source>
        <translation>Час</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="65"/>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_tables.py" line="66"/>
        <source>Wait to accept, median</source>
        <translation>Ожидание принятия, медиана</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="92"/>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="93"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="93"/>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="94"/>
        <source>This month</source>
        <translation>Этот месяц</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="94"/>
        <source>From … to …</source>
        <translation>С … по …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="96"/>
        <source>All my lines</source>
        <translation>Все мои линии</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="97"/>
        <source>Everyone</source>
        <translation>Все</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="98"/>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="99"/>
        <source>Export CSV…</source>
        <translation>Экспорт CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="100"/>
        <source>Export XLSX…</source>
        <translation>Экспорт XLSX…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="102"/>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="103"/>
        <source>Line:</source>
        <translation>Линия:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="101"/>
        <source>Specialist:</source>
        <translation>Специалист:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="173"/>
        <source>You may not see these figures.</source>
        <translation>Эти показатели вам недоступны.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="174"/>
        <source>The support desk does not answer; try again in a while.</source>
        <translation>Служба обращений не отвечает; попробуйте чуть позже.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="193"/>
        <source>Charts</source>
        <translation>Графики</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="243"/>
        <source>Export the report</source>
        <translation>Экспорт отчёта</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_dialog.py" line="251"/>
        <source>Could not write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="75"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="76"/>
        <source>Name, organisation, appeal number or words of a message</source>
        <translation>Имя, организация, номер обращения или слова из сообщения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="78"/>
        <source>Enter opens; on a person Ctrl+Enter calls them, Ctrl+1…9 opens the conversation with that quick reply</source>
        <translation>Enter открывает; на человеке Ctrl+Enter звонит ему, Ctrl+1…9 открывает переписку с этим быстрым ответом</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="129"/>
        <source>People</source>
        <translation>Люди</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="129"/>
        <source>Appeals</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="130"/>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="148"/>
        <source>Nothing found</source>
        <translation>Ничего не найдено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="151"/>
        <source>Type a name, an organisation, an appeal&apos;s number or words from a message.</source>
        <translation>Введите имя, организацию, номер обращения или слова из сообщения.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="158"/>
        <source>№%1 · %2</source>
        <translation>№%1 · %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="163"/>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_popup.py" line="164"/>
        <source>№%1</source>
        <translation>№%1</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <location filename="../../desktop/secrets.py" line="45"/>
        <source>the only keyring found keeps passwords as plain files on disk</source>
        <translation>единственное найденное хранилище паролей держит их в обычных файлах на диске</translation>
    </message>
    <message>
        <location filename="../../desktop/secrets.py" line="52"/>
        <source>no secure keyring (Secret Service, KWallet, macOS or Windows) was found</source>
        <translation>не найдено защищённое хранилище паролей (Secret Service, KWallet, macOS или Windows)</translation>
    </message>
    <message>
        <location filename="../../desktop/secrets.py" line="70"/>
        <source>the keyring did not answer (is it locked?)</source>
        <translation>хранилище паролей не ответило (оно заблокировано?)</translation>
    </message>
    <message>
        <location filename="../../desktop/secrets.py" line="74"/>
        <source>the keyring refused: {0}</source>
        <translation>хранилище паролей отказало: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/secrets.py" line="124"/>
        <source>Passwords are not saved: {0}.</source>
        <translation>Пароли не сохраняются: {0}.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="55"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="60"/>
        <location filename="../../desktop/ui/settings_dialog.py" line="69"/>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="60"/>
        <location filename="../../desktop/ui/settings_dialog.py" line="70"/>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="61"/>
        <source>Transport</source>
        <translation>Транспорт</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="61"/>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="62"/>
        <source>Authentication user</source>
        <translation>Пользователь для авторизации</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="63"/>
        <source>Display name</source>
        <translation>Отображаемое имя</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="64"/>
        <source>Outbound proxy</source>
        <translation>Исходящий прокси</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="65"/>
        <source>Media encryption (SRTP)</source>
        <translation>Шифрование голоса (SRTP)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="66"/>
        <location filename="../../desktop/ui/settings_dialog.py" line="70"/>
        <source>CA certificate file</source>
        <translation>Файл сертификата УЦ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="67"/>
        <source>PBX connection</source>
        <translation>Подключение к АТС</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="69"/>
        <source>Account (user@domain)</source>
        <translation>Учётная запись (user@domain)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="71"/>
        <source>Chat account</source>
        <translation>Учётная запись чата</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="73"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="74"/>
        <source>Look</source>
        <translation>Оформление</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="75"/>
        <source>Away after minutes without input</source>
        <translation>«Нет на месте» после минут бездействия</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="77"/>
        <source>Finish a call&apos;s appeal when the call is hung up</source>
        <translation>Завершать обращение по звонку, когда разговор окончен</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="78"/>
        <source>Start Deskline when I log in</source>
        <translation>Запускать Deskline при входе в систему</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="80"/>
        <source>Call a phone link clicked in another app without asking</source>
        <translation>Звонить по номеру из другой программы без вопроса</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="81"/>
        <source>Check spelling as I type (Russian, English)</source>
        <translation>Проверять орфографию при наборе (русский, английский)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="82"/>
        <source>Interface</source>
        <translation>Интерфейс</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="91"/>
        <source>Use the built-in demo lab instead of these servers</source>
        <translation>Использовать встроенную демо-лабораторию вместо этих серверов</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="133"/>
        <source>Passwords cannot be saved: {0}. They are kept until Deskline quits.</source>
        <translation>Пароли нельзя сохранить: {0}. Они хранятся до выхода из Deskline.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="128"/>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="130"/>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="165"/>
        <source>Chat account, user@domain</source>
        <translation>Учётная запись чата, user@domain</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="166"/>
        <source>Chat server host, empty to find it from the domain</source>
        <translation>Сервер чата; пусто — найти по домену</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="167"/>
        <location filename="../../desktop/ui/settings_dialog.py" line="174"/>
        <source>Company CA certificate file for TLS, empty for the system&apos;s</source>
        <translation>Файл сертификата УЦ компании для TLS; пусто — системные сертификаты</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="169"/>
        <source>PBX host name or address</source>
        <translation>Имя или адрес АТС</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="170"/>
        <source>SIP user (extension)</source>
        <translation>Пользователь SIP (внутренний номер)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="171"/>
        <source>Authentication user, when it differs from the SIP user</source>
        <translation>Пользователь для авторизации, если отличается от пользователя SIP</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="172"/>
        <source>Name shown to the people you call</source>
        <translation>Имя, которое видят те, кому вы звоните</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="173"/>
        <source>Outbound proxy URI, empty for none</source>
        <translation>URI исходящего прокси; пусто — без прокси</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="180"/>
        <source>As in the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="181"/>
        <source>Light</source>
        <translation>Светлое</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="181"/>
        <source>Dark</source>
        <translation>Тёмное</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="182"/>
        <source>Off</source>
        <translation>Выключено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="183"/>
        <source>When the other side can</source>
        <translation>Если другая сторона поддерживает</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="184"/>
        <source>Always (refuse calls without it)</source>
        <translation>Всегда (без него звонки отклоняются)</translation>
    </message>
</context>
<context>
    <name>ShareBar</name>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="45"/>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="46"/>
        <source>Take back control</source>
        <translation>Забрать управление</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="54"/>
        <source>Your screen is shared with %1; %2 controls it</source>
        <translation>Ваш экран видит: %1; управляет %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="57"/>
        <source>Your screen is shared with %1 (view only)</source>
        <translation>Ваш экран видит: %1 (только просмотр)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_consent.py" line="60"/>
        <source>Your screen is shared for appeal №%1: waiting for the specialist…</source>
        <translation>Экран открыт для обращения №%1: ждём специалиста…</translation>
    </message>
</context>
<context>
    <name>SoundsPage</name>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="36"/>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="36"/>
        <source>Sound</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="36"/>
        <source>Volume</source>
        <translation>Громкость</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="37"/>
        <source>Notification</source>
        <translation>Уведомление</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="46"/>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="56"/>
        <source>▶ Preview</source>
        <translation>▶ Прослушать</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="68"/>
        <source>bundled</source>
        <translation>встроенный</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="73"/>
        <source>Choose a sound</source>
        <translation>Выберите звук</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="74"/>
        <source>WAV sounds (*.wav)</source>
        <translation>Звуки WAV (*.wav)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="80"/>
        <source>This file cannot be used</source>
        <translation>Этот файл нельзя использовать</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="92"/>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="92"/>
        <source>New chat message</source>
        <translation>Новое сообщение в чате</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="93"/>
        <source>New appeal</source>
        <translation>Новое обращение</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="93"/>
        <source>Message sent</source>
        <translation>Сообщение отправлено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="94"/>
        <source>Call ended</source>
        <translation>Звонок завершён</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sounds_page.py" line="95"/>
        <source>Connection lost</source>
        <translation>Связь потеряна</translation>
    </message>
</context>
<context>
    <name>SpellCheck</name>
    <message>
        <location filename="../../desktop/ui/spell_check.py" line="95"/>
        <source>No suggestions</source>
        <translation>Нет вариантов</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_check.py" line="97"/>
        <source>Add «%1» to the dictionary</source>
        <translation>Добавить «%1» в словарь</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="43"/>
        <source>PBX</source>
        <translation>АТС</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="44"/>
        <source>Chat</source>
        <translation>Чат</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="81"/>
        <source>No sound</source>
        <translation>Нет звука</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="83"/>
        <source>No sound server runs (PulseAudio or PipeWire): calls cannot be heard and new appeals ring silently. Start one (on Debian: apt install pulseaudio, then log in again), or plug in a headset.</source>
        <translation>Звуковой сервер (PulseAudio или PipeWire) не запущен: звонков не слышно, новые обращения приходят без звука. Запустите его (в Debian: apt install pulseaudio, затем войдите в систему заново) или подключите гарнитуру.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="87"/>
        <source>No speakers</source>
        <translation>Нет динамиков</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="89"/>
        <source>The sound server has no speakers or headset: plug one in (Settings → Audio shows what is found).</source>
        <translation>У звукового сервера нет динамиков или гарнитуры: подключите их (Настройки → Звук покажут, что найдено).</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="43"/>
        <source>Colleague (online first; one offline cannot take it):</source>
        <translation>Коллега (сначала те, кто в сети; не в сети — передать нельзя):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="56"/>
        <source>…or a line connected for this client:</source>
        <translation>…или линия, подключённая этому клиенту:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="64"/>
        <source>(none besides this one)</source>
        <translation>(других нет)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="77"/>
        <source>Note for the one who gets it (colleagues see it, the client never does):</source>
        <translation>Заметка для того, кто получит обращение (видят коллеги, клиент — никогда):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="82"/>
        <source>e.g. The client needs the reconciliation act for November</source>
        <translation>например: Клиенту нужен акт сверки за ноябрь</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="102"/>
        <source>No partner&apos;s first line stands before this line for this client. If the question is not for us, tell the client which line to write to instead.</source>
        <translation>Для этого клиента перед линией не стоит первая линия партнёра. Если вопрос не к нам, подскажите клиенту, на какую линию написать.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="109"/>
        <source>…or return it to the partner who connected the client:</source>
        <translation>…или вернуть партнёру, подключившему клиента:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/transfer_dialog.py" line="113"/>
        <source>Return to the partner: %1
its first line, %2</source>
        <translation>Вернуть партнёру: %1
его первая линия, %2</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../desktop/ui/tray.py" line="92"/>
        <source>Show Deskline</source>
        <translation>Показать Deskline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tray.py" line="93"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tray.py" line="115"/>
        <source>Deskline keeps running here: calls and messages still come in. Menu → Quit ends it.</source>
        <translation>Deskline продолжает работать здесь: звонки и сообщения по-прежнему приходят. Меню → Выход завершает работу.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tray.py" line="123"/>
        <source>Appeals offered to you: {0}</source>
        <translation>Вам предложено обращений: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tray.py" line="125"/>
        <source>Unread messages: {0}</source>
        <translation>Непрочитанных сообщений: {0}</translation>
    </message>
</context>
<context>
    <name>appeal_clock</name>
    <message>
        <location filename="../../desktop/ui/appeal_clock.py" line="35"/>
        <source>accept within %1</source>
        <translation>принять за %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_clock.py" line="36"/>
        <source>late by %1</source>
        <translation>опоздание %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_clock.py" line="42"/>
        <source>finishes by itself in %1</source>
        <translation>завершится само через %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_clock.py" line="47"/>
        <source>transfers: %n</source>
        <translation>передач: %n</translation>
    </message>
</context>
<context>
    <name>appeal_problems</name>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="13"/>
        <source>This appeal is not yours any more.</source>
        <translation>Это обращение уже не ваше.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="15"/>
        <source>The colleague is not online: choose someone who is.</source>
        <translation>Коллега не в сети: выберите того, кто в сети.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="17"/>
        <source>This line is not connected for the client.</source>
        <translation>Эта линия не подключена клиенту.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="19"/>
        <source>The appeal was transferred once already; confirm to transfer it again.</source>
        <translation>Обращение уже передавали; подтвердите, чтобы передать ещё раз.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="22"/>
        <source>The desk does not know it.</source>
        <translation>Служба обращений его не знает.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="24"/>
        <source>The support desk does not answer; the rest of Deskline works on. Try again in a minute.</source>
        <translation>Служба обращений не отвечает; остальное в Deskline работает. Попробуйте через минуту.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="27"/>
        <source>No partner&apos;s first line stands before this line for the client, so it stays yours: answer it, or tell the client which line to write to.</source>
        <translation>Для клиента перед этой линией нет первой линии партнёра, обращение остаётся у вас: ответьте сами или подскажите клиенту, на какую линию написать.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="30"/>
        <source>The partner&apos;s desk did not take it (it is not reachable now), so it stays yours. Try again later, or answer it yourself.</source>
        <translation>Служба поддержки партнёра не приняла обращение (сейчас недоступна), оно остаётся у вас. Попробуйте позже или ответьте сами.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="33"/>
        <source>The partner&apos;s desk does not take appeals from ours, so it stays yours. Tell your administrator: the partner must add our desk.</source>
        <translation>Служба поддержки партнёра не принимает обращения от нашей, оно остаётся у вас. Сообщите администратору: партнёр должен добавить нашу службу.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="36"/>
        <source>The partner&apos;s desk has no such first line, so it stays yours. Tell your administrator: the client&apos;s partner is set up wrongly.</source>
        <translation>У партнёра нет такой первой линии, обращение остаётся у вас. Сообщите администратору: партнёр клиента настроен неверно.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="39"/>
        <source>The partner says this client is not theirs, so it stays yours. Ask the client who connected them.</source>
        <translation>Партнёр сообщает, что это не его клиент, обращение остаётся у вас. Уточните у клиента, кто его подключил.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="42"/>
        <source>The partner&apos;s desk refused it, so it stays yours.</source>
        <translation>Служба поддержки партнёра отказалась его принять, оно остаётся у вас.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="44"/>
        <source>The desk refused it.</source>
        <translation>Служба обращений отказала.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="48"/>
        <source>No senior of this line is online, so it stays yours. Write to a senior in the chat, or escalate again when one is online.</source>
        <translation>Старших специалистов этой линии нет в сети, обращение остаётся у вас. Напишите старшему в чате или повысьте уровень, когда кто-то из них появится.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/appeal_problems.py" line="51"/>
        <source>Appeal №%1: %2</source>
        <translation>Обращение №%1: %2</translation>
    </message>
</context>
<context>
    <name>call</name>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="37"/>
        <source>on hold by the other side</source>
        <translation>на удержании у собеседника</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="41"/>
        <source>calling…</source>
        <translation>вызов…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="42"/>
        <source>ringing…</source>
        <translation>звонит…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="43"/>
        <source>incoming call</source>
        <translation>входящий звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="44"/>
        <source>connecting…</source>
        <translation>соединение…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="39"/>
        <source>in conference</source>
        <translation>в конференции</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="40"/>
        <source>talking</source>
        <translation>разговор</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="45"/>
        <source>on hold</source>
        <translation>на удержании</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_panel.py" line="46"/>
        <source>ended</source>
        <translation>завершён</translation>
    </message>
</context>
<context>
    <name>callfailure</name>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="15"/>
        <source>Could not call {0}</source>
        <translation>Не удалось позвонить на {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="16"/>
        <source>Could not transfer the call to {0}</source>
        <translation>Не удалось перевести звонок на {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="17"/>
        <source>Could not answer the call</source>
        <translation>Не удалось ответить на звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="18"/>
        <source>Could not decline the call</source>
        <translation>Не удалось отклонить звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="19"/>
        <source>Could not hang up</source>
        <translation>Не удалось завершить звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="20"/>
        <source>Could not put the call on hold</source>
        <translation>Не удалось поставить звонок на удержание</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="21"/>
        <source>Could not take the call off hold</source>
        <translation>Не удалось снять звонок с удержания</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="22"/>
        <source>Could not switch the microphone</source>
        <translation>Не удалось переключить микрофон</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="23"/>
        <source>Could not send the digits</source>
        <translation>Не удалось отправить цифры</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="24"/>
        <source>Could not join the calls into a conference</source>
        <translation>Не удалось объединить звонки в конференцию</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="26"/>
        <source>The chosen audio device cannot be used</source>
        <translation>Выбранное звуковое устройство недоступно</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="29"/>
        <source>Could not call</source>
        <translation>Не удалось позвонить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="30"/>
        <source>Could not transfer the call</source>
        <translation>Не удалось перевести звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="33"/>
        <source>not connected to the PBX</source>
        <translation>нет подключения к АТС</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="34"/>
        <source>the call has already ended</source>
        <translation>звонок уже завершён</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="35"/>
        <source>the phone could not send the request</source>
        <translation>телефон не смог отправить запрос</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="37"/>
        <source>the telephony engine stopped and is restarting</source>
        <translation>модуль телефонии остановился и перезапускается</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="39"/>
        <source>the call goes on with the system&apos;s default device</source>
        <translation>разговор продолжается на устройстве по умолчанию</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="43"/>
        <source>the PBX does not know this number</source>
        <translation>АТС не знает этот номер</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="44"/>
        <source>nobody answers at that number</source>
        <translation>по этому номеру никто не отвечает</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="45"/>
        <source>the line is busy</source>
        <translation>линия занята</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="46"/>
        <source>the other side declined</source>
        <translation>собеседник отклонил звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="47"/>
        <source>the PBX does not allow it</source>
        <translation>АТС это не разрешает</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="48"/>
        <source>that address cannot be reached</source>
        <translation>этот адрес недоступен</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="50"/>
        <source>the PBX has a problem ({0})</source>
        <translation>у АТС проблема ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="51"/>
        <source>the PBX refused ({0})</source>
        <translation>АТС отказала ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/call_failures.py" line="52"/>
        <source>{0}: {1}.</source>
        <translation>{0}: {1}.</translation>
    </message>
</context>
<context>
    <name>link</name>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="18"/>
        <source>not connected</source>
        <translation>не подключено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="19"/>
        <source>connecting…</source>
        <translation>подключение…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="20"/>
        <source>connected</source>
        <translation>подключено</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="21"/>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="10"/>
        <source>the PBX does not know this user</source>
        <translation>АТС не знает этого пользователя</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="11"/>
        <source>the PBX does not answer; retrying</source>
        <translation>АТС не отвечает; пробуем снова</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="12"/>
        <source>the PBX cannot be reached; retrying</source>
        <translation>АТС недоступна; пробуем снова</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="13"/>
        <source>the PBX&apos;s certificate is not trusted; check the CA file</source>
        <translation>сертификату АТС нет доверия; проверьте файл ЦС</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="15"/>
        <source>the PBX has a problem ({0}); retrying</source>
        <translation>у АТС проблема ({0}); пробуем снова</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="17"/>
        <source>the PBX refused the registration ({0}); retrying</source>
        <translation>АТС отказала в регистрации ({0}); пробуем снова</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="21"/>
        <source>the chat server does not know you</source>
        <translation>сервер чата вас не знает</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="22"/>
        <source>the chat server does not answer</source>
        <translation>сервер чата не отвечает</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="23"/>
        <source>the chat server cannot be reached; retrying</source>
        <translation>сервер чата недоступен; пробуем снова</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="25"/>
        <source>the chat server&apos;s certificate is not trusted; check the CA file</source>
        <translation>сертификату сервера чата нет доверия; проверьте файл ЦС</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="27"/>
        <source>the chat server has a problem</source>
        <translation>у сервера чата проблема</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="28"/>
        <source>the chat server refused the sign-in</source>
        <translation>сервер чата отказал во входе</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="31"/>
        <source>wrong user name or password</source>
        <translation>неверное имя пользователя или пароль</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="32"/>
        <source>connection lost; reconnecting</source>
        <translation>связь потеряна; подключаемся снова</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="33"/>
        <source>the telephony engine stopped; restarting it</source>
        <translation>модуль телефонии остановился; перезапускаем</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="35"/>
        <source>starting the local lab</source>
        <translation>запуск локальной лаборатории</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="36"/>
        <source>the local lab did not start</source>
        <translation>локальная лаборатория не запустилась</translation>
    </message>
</context>
<context>
    <name>notice</name>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="39"/>
        <source>Audio: {0} was unplugged; the system default device is used instead.</source>
        <translation>Звук: {0} отключено; вместо него используется устройство по умолчанию.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="41"/>
        <source>Audio: {0} is plugged in and now used for calls.</source>
        <translation>Звук: {0} подключено и теперь используется для звонков.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="43"/>
        <source>Ringtone: the chosen sound cannot be played; the bundled one rings instead.</source>
        <translation>Мелодия звонка: выбранный звук не воспроизводится; звучит встроенный.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="45"/>
        <source>Settings: a damaged setting was set aside; its default is used.</source>
        <translation>Настройки: повреждённая настройка отложена; используется значение по умолчанию.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="47"/>
        <source>Local lab: it did not start.</source>
        <translation>Локальная лаборатория не запустилась.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="48"/>
        <source>Keyring: it did not answer; the password is asked instead.</source>
        <translation>Хранилище паролей не ответило; пароль будет запрошен.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="50"/>
        <source>Calls: the PBX sent a message larger than Deskline can take (a call may have been lost). Ask your PBX administrator to keep SIP messages under 4,000 bytes.</source>
        <translation>Звонки: АТС прислала сообщение больше, чем Deskline может принять (звонок мог потеряться). Попросите администратора АТС держать SIP-сообщения меньше 4000 байт.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_problems.py" line="54"/>
        <source>Keyring: the password for {0} was not saved; it is used until Deskline quits.</source>
        <translation>Хранилище паролей: пароль для {0} не сохранён; он используется до выхода из Deskline.</translation>
    </message>
</context>
<context>
    <name>number</name>
    <message>
        <location filename="../../desktop/ui/number_problems.py" line="10"/>
        <source>Type a number to call.</source>
        <translation>Введите номер, чтобы позвонить.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/number_problems.py" line="11"/>
        <source>“{0}” is not a valid SIP address.</source>
        <translation>«{0}» — неверный SIP-адрес.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/number_problems.py" line="13"/>
        <source>A phone number has only digits, spaces, + ( ) and -; remove {1}.</source>
        <translation>В номере телефона могут быть только цифры, пробелы, + ( ) и -; уберите {1}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/number_problems.py" line="15"/>
        <source>“{0}” has too few or too many digits for a phone number.</source>
        <translation>В «{0}» слишком мало или слишком много цифр для номера телефона.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/number_problems.py" line="17"/>
        <source>“{0}” is not a phone number.</source>
        <translation>«{0}» — не номер телефона.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/number_problems.py" line="18"/>
        <source>“{0}” is an address on another server; Deskline calls through your PBX only.</source>
        <translation>«{0}» — адрес на другом сервере; Deskline звонит только через вашу АТС.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/number_problems.py" line="22"/>
        <source>“{0}”</source>
        <translation>«{0}»</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="23"/>
        <source>Answer the ringing call</source>
        <translation>Ответить на входящий звонок</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="24"/>
        <source>Answer / decline in the incoming-call window</source>
        <translation>Ответить / отклонить в окне входящего звонка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="26"/>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="27"/>
        <source>Mute or unmute the microphone</source>
        <translation>Выключить или включить микрофон</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="28"/>
        <source>Go to the dialer</source>
        <translation>Перейти к набору номера</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="29"/>
        <source>Search people, appeals and messages (Enter opens; on a person Ctrl+Enter calls, Ctrl+1…9 opens with that quick reply)</source>
        <translation>Поиск людей, обращений и сообщений (Enter открывает; на человеке Ctrl+Enter звонит, Ctrl+1…9 открывает с этим быстрым ответом)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="32"/>
        <source>Find in the open conversation (Enter: next, Shift+Enter: previous); with none open, search contacts</source>
        <translation>Найти в открытой переписке (Enter — следующее, Shift+Enter — предыдущее); если переписка не открыта — поиск контактов</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="35"/>
        <source>Comment on the current call</source>
        <translation>Комментарий к текущему звонку</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="36"/>
        <source>Transfer the call (online colleagues first)</source>
        <translation>Перевести звонок (сначала коллеги в сети)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="38"/>
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="39"/>
        <source>Insert a quick reply addressed to the client</source>
        <translation>Вставить быстрый ответ с обращением к клиенту</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="41"/>
        <source>Appeals: Enter accepts the chosen offer (or takes a queued one) and opens it</source>
        <translation>Обращения: Enter принимает выбранное (или берёт из очереди) и открывает его</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="44"/>
        <source>Acknowledge the open appeal (sends quick reply 2, addressed); with none open, accept the most urgent offer and acknowledge it</source>
        <translation>Подтвердить получение открытого обращения (шаблон 2, по имени и отчеству); если открытого нет — принять самое срочное предложенное и подтвердить</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="47"/>
        <source>Transfer the open appeal (online colleagues first, or a line)</source>
        <translation>Передать открытое обращение (сначала коллеги в сети, или на линию)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="49"/>
        <source>Escalate the open appeal to a senior of its line</source>
        <translation>Передать открытое обращение старшему линии</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="51"/>
        <source>Finish work on the open appeal</source>
        <translation>Завершить работу по открытому обращению</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="52"/>
        <source>Reply with a quote</source>
        <translation>Ответить с цитатой</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="53"/>
        <source>Send the message / new line</source>
        <translation>Отправить сообщение / новая строка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="55"/>
        <source>Write an internal note on the open appeal (colleagues only)</source>
        <translation>Написать внутреннюю заметку к открытому обращению (только для коллег)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="57"/>
        <source>In the reply box: a copied screenshot is sent as a picture</source>
        <translation>В поле ответа: скопированный снимок экрана отправляется картинкой</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="59"/>
        <source>Show or hide the card</source>
        <translation>Показать или скрыть карточку</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="60"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="61"/>
        <source>The specialist&apos;s guide</source>
        <translation>Руководство специалиста</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="62"/>
        <source>This list of keys</source>
        <translation>Этот список клавиш</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <location filename="../../desktop/ui/status_names.py" line="14"/>
        <source>Online</source>
        <translation>В сети</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_names.py" line="15"/>
        <source>Busy for new appeals</source>
        <translation>Занят для новых обращений</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_names.py" line="16"/>
        <source>Away</source>
        <translation>Нет на месте</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_names.py" line="17"/>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
</context>
<context>
    <name>widget</name>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="14"/>
        <source>Asked the client to show their screen… Without Deskline: they run &quot;deskline assist&quot; and type the code %1.</source>
        <translation>Клиента попросили показать экран… Без Deskline: пусть запустит «deskline assist» и введёт код %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="18"/>
        <source>The client&apos;s desktop runs on Wayland, which cannot be shared: ask them to sign in to &quot;GNOME on Xorg&quot; (or their desktop&apos;s Xorg session) and try again.</source>
        <translation>Рабочий стол клиента работает на Wayland, его нельзя показать: попросите клиента войти в сеанс «GNOME on Xorg» (или Xorg-сеанс своего окружения) и попробуйте снова.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="21"/>
        <source>The client&apos;s computer lacks x11vnc, which shares the screen.</source>
        <translation>На компьютере клиента нет x11vnc, без него экран не показать.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="22"/>
        <source>The client&apos;s Deskline runs without a screen to share.</source>
        <translation>Deskline клиента работает без экрана, показывать нечего.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="23"/>
        <source>The client&apos;s screen could not be shared.</source>
        <translation>Экран клиента показать не удалось.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="28"/>
        <source>Asked the client to show their screen…</source>
        <translation>Клиента попросили показать экран…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="29"/>
        <source>Remote session: watching the client&apos;s screen</source>
        <translation>Удалённый доступ: экран клиента открыт</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="30"/>
        <source>Asked the client for control…</source>
        <translation>Клиента попросили разрешить управление…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="31"/>
        <source>Remote session: you control the client&apos;s screen</source>
        <translation>Удалённый доступ: вы управляете экраном клиента</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="32"/>
        <source>Remote session: view only (the client keeps control)</source>
        <translation>Удалённый доступ: только просмотр (управление у клиента)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="34"/>
        <source>The client declined the remote session.</source>
        <translation>Клиент отказался от удалённого доступа.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="35"/>
        <source>The client did not answer within a minute.</source>
        <translation>Клиент не ответил в течение минуты.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="36"/>
        <source>The client stopped the remote session.</source>
        <translation>Клиент остановил удалённый доступ.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="37"/>
        <source>The remote session ended.</source>
        <translation>Удалённый доступ завершён.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="38"/>
        <source>The appeal is finished: the remote session ended.</source>
        <translation>Обращение завершено: удалённый доступ закончен.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="39"/>
        <source>The appeal was handed on: the remote session ended.</source>
        <translation>Обращение передано: удалённый доступ закончен.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/remote_phase.py" line="41"/>
        <source>The client&apos;s screen went away: the session ended.</source>
        <translation>Экран клиента отключился: сеанс завершён.</translation>
    </message>
</context>
</TS>
