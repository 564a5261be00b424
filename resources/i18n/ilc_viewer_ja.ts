<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>texts</name>
    <message numerus="yes">
        <location filename="../../ilc_viewer/ui/main_window.py" line="+155"/>
        <source>loading</source>
        <comment>en</comment>
        <extracomment>Asks for a text (title, label, current) -&gt; text or None; tests replace it.</extracomment>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>loaded</source>
        <comment>en</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ilc_viewer/ui/series_browser.py" line="+23"/>
        <source>images</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
