<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../ilc_viewer/ui/actions.py" line="+72"/>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Undo {what}</source>
        <translation>元に戻す：{what}(&amp;U)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Redo</source>
        <translation>やり直す(&amp;R)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Redo {what}</source>
        <translation>やり直す：{what}(&amp;R)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Open &amp;folder...</source>
        <translation>フォルダを開く(&amp;F)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open f&amp;ile or zip...</source>
        <translation>ファイルまたは zip を開く(&amp;I)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layout {rows} x {columns}</source>
        <translation>レイアウト {rows} x {columns}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T1 | T2 | STIR and the &amp;axial</source>
        <translation>T1 | T2 | STIR と横断像(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the study&apos;s axial series beside the three sequences</source>
        <translation>3 つの撮り方の横に、この検査の横断像を表示します</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reference lines</source>
        <translation>位置を示す線(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show where the other panels&apos; images cut each image</source>
        <translation>ほかのパネルの画像がこの画像のどこを切っているかを線で示します</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reference lines of every axial image</source>
        <translation>すべての横断像の位置線</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw the lines of all axial images at once, grouped by block</source>
        <translation>すべての横断像の線を、撮影ブロックごとにまとめて表示します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Maximise panel / back</source>
        <translation>パネルを最大化 / 元に戻す(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next panel</source>
        <translation>次のパネル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom &amp;in</source>
        <translation>拡大(&amp;I)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom &amp;out</source>
        <translation>縮小(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Fit to window</source>
        <translation>画面に合わせる(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill the panels (crop the sides)</source>
        <translation>パネルいっぱいに表示（左右を切り取る）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images cover each panel; off: the whole anatomy fits</source>
        <translation>画像でパネルを埋めます。オフ：からだ全体が収まるように表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Actual pixels (1:1)</source>
        <translation>実寸のピクセル（1:1）(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom and pan panels together</source>
        <translation>すべてのパネルを一緒に拡大・移動</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show &amp;captions</source>
        <translation>説明文を表示(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show &amp;patient name / ID / birth date</source>
        <translation>患者さんの氏名・ID・生年月日を表示(&amp;P)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Switch language (English / 日本語)</source>
        <translation>言語を切り替える（English / 日本語）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Full screen</source>
        <translation>全画面表示(&amp;F)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Explain mode</source>
        <translation>説明モード(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Walk the patient through their own findings, full screen, in large words</source>
        <translation>患者さん自身の所見を、全画面・大きな文字で順番に説明します</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave full screen</source>
        <translation>全画面表示を終了</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next slice</source>
        <translation>次のスライス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous slice</source>
        <translation>前のスライス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forward 5 slices</source>
        <translation>5 枚先へ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back 5 slices</source>
        <translation>5 枚前へ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First slice</source>
        <translation>最初のスライス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last slice</source>
        <translation>最後のスライス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Link scrolling by position</source>
        <translation>位置を合わせて連動スクロール(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Play / pause the clip</source>
        <translation>動画の再生／一時停止</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wider window (softer)</source>
        <translation>ウィンドウ幅を広く（やわらかく）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Narrower window (more contrast)</source>
        <translation>ウィンドウ幅を狭く（コントラストを強く）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Brighter (lower centre)</source>
        <translation>明るく（中心を下げる）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Darker (higher centre)</source>
        <translation>暗く（中心を上げる）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next window &amp;preset</source>
        <translation>次のプリセット(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reset window</source>
        <translation>ウィンドウを元に戻す(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Invert grey scale</source>
        <translation>白黒を反転(&amp;I)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Same window for panels of the same sequence</source>
        <translation>同じ撮影法のパネルに同じウィンドウ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Same spot (crosshair) tool</source>
        <translation>同じ場所を示す（十字線）ツール(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a point: every panel shows the same spot</source>
        <translation>1 点をクリックすると、すべてのパネルが同じ場所を示します</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear same spot</source>
        <translation>十字線を消す</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose &amp;study...</source>
        <translation>検査を選ぶ(&amp;S)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;User guide</source>
        <translation>使い方ガイド(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keyboard and mouse shortcuts</source>
        <translation>キーボードとマウスの操作一覧(&amp;K)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About ILC Viewer</source>
        <translation>ILC Viewer について(&amp;A)</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>&amp;Delete annotation</source>
        <translation>注釈を削除(&amp;D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete the selected annotation (Ctrl+Z brings it back)</source>
        <translation>選んだ注釈を削除します（Ctrl+Z で元に戻せます）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit annotation &amp;text...</source>
        <translation>注釈の文字を編集(&amp;T)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show &amp;annotations</source>
        <translation>注釈を表示(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show or hide every annotation</source>
        <translation>すべての注釈を表示 / 非表示</translation>
    </message>
</context>
<context>
    <name>AnnotationCommands</name>
    <message>
        <location filename="../../ilc_viewer/ui/annotation_commands.py" line="+58"/>
        <source>Edit annotation</source>
        <extracomment>Shows a message in the status bar for a number of milliseconds.</extracomment>
        <translation>注釈の編集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text:</source>
        <translation>文字：</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>This annotation is not on any series shown now.</source>
        <translation>この注釈は、いま表示しているどのシリーズにもありません。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This annotation was saved by another program with the study; it cannot be changed here.</source>
        <translation>この注釈は別のプログラムが検査と一緒に保存したものです。ここでは変更できません。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Ruler: {reason}</source>
        <translation>定規：{reason}</translation>
    </message>
</context>
<context>
    <name>AnnotationController</name>
    <message>
        <location filename="../../ilc_viewer/ui/annotation_controller.py" line="+27"/>
        <source>add {kind}</source>
        <extracomment>Undo text per action, shown in the Edit menu (&quot;Undo add sticker&quot;).</extracomment>
        <translation>{kind}の追加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change {kind}</source>
        <translation>{kind}の変更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>delete {kind}</source>
        <translation>{kind}の削除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>edit {kind} text</source>
        <extracomment>Other undo texts, given to :meth:`AnnotationController.push` as ``what``.</extracomment>
        <translation>{kind}の文字の編集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>move label ({kind})</source>
        <translation>ラベルの移動（{kind}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reshape ({kind})</source>
        <translation>形の変更（{kind}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>move ({kind})</source>
        <translation>移動（{kind}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sticker</source>
        <extracomment>The kinds of annotation as people call them.</extracomment>
        <translation>ステッカー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arrow</source>
        <translation>矢印</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>circle</source>
        <translation>円</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ruler</source>
        <translation>定規</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>angle</source>
        <translation>角度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>level label</source>
        <translation>高さのラベル</translation>
    </message>
</context>
<context>
    <name>AnnotationPanel</name>
    <message>
        <location filename="../../ilc_viewer/ui/annotation_panel.py" line="+49"/>
        <source>Yellow</source>
        <extracomment>Colours offered for annotations (bright on grey MR images), name -&gt; &quot;#rrggbb&quot;.</extracomment>
        <translation>黄</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orange</source>
        <translation>オレンジ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Red</source>
        <translation>赤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pink</source>
        <translation>ピンク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Green</source>
        <translation>緑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cyan</source>
        <translation>水色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>White</source>
        <translation>白</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Small</source>
        <extracomment>Text sizes offered (points of the annotation&apos;s font_size; 14 is the default).</extracomment>
        <translation>小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Normal</source>
        <translation>標準</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Large</source>
        <translation>大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra large</source>
        <translation>特大</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What each sequence shows</source>
        <translation>各撮影法でわかること</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discs</source>
        <translation>椎間板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nerves and canal</source>
        <translation>神経と脊柱管</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bone</source>
        <translation>骨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reassurance and pictures</source>
        <translation>安心のための説明</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Search phrases (English or 日本語)</source>
        <translation>フレーズを検索（日本語 または English）</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+242"/>
        <source>Show on all sequences</source>
        <translation>すべての撮影法に表示</translation>
    </message>
    <message>
        <location line="-241"/>
        <source>Off: this annotation is shown only on the series it was made on</source>
        <translation>オフ：この注釈は、作ったシリーズにだけ表示します</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Colour of the selected annotation</source>
        <translation>選んだ注釈の色</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Text </source>
        <translation>文字 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text size of the selected annotation</source>
        <translation>選んだ注釈の文字の大きさ</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+227"/>
        <source>Edit text…</source>
        <translation>文字を編集…</translation>
    </message>
    <message>
        <location line="-225"/>
        <location line="+244"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="-242"/>
        <source>Annotations are hidden (View ▸ Show annotations, H).</source>
        <translation>注釈は非表示になっています（表示 ▸ 注釈を表示、H）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Phrases&lt;/b&gt; — choose one, then click the spot</source>
        <translation>&lt;b&gt;フレーズ&lt;/b&gt; — 1 つ選んでから、その場所をクリック</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>On this study</source>
        <extracomment>Set by the window: arms the sticker tool with a phrase id.</extracomment>
        <translation>この検査の注釈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phrases</source>
        <translation>フレーズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explain tour</source>
        <translation>説明ツアー</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>all sequences</source>
        <translation>すべての撮影法</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{kind} · {sequence} only</source>
        <translation>{kind}・{sequence} のみ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{kind} · {sequence}</source>
        <translation>{kind}・{sequence}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{kind} only</source>
        <translation>{kind}・このシリーズのみ</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Colour</source>
        <translation>色</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Text size</source>
        <translation>文字の大きさ</translation>
    </message>
</context>
<context>
    <name>CineBar</name>
    <message>
        <location filename="../../ilc_viewer/ui/cine_bar.py" line="+48"/>
        <source>Playing speed, as a multiple of the speed the clip was recorded at</source>
        <extracomment>Speeds offered, as multiples of the file&apos;s rate. Frames decoded ahead while playing, and how often (frames) that is renewed.</extracomment>
        <translation>再生の速さ（記録されたときの速さの何倍か）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loop</source>
        <translation>くり返し</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start again from the first frame at the end</source>
        <translation>最後まで来たら最初のコマからもう一度再生します</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play</source>
        <translation>再生</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play or pause the clip (Space)</source>
        <translation>動画を再生／一時停止します（スペース）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{fps:.0f} frames/s</source>
        <translation>毎秒 {fps:.0f} コマ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The speed the file gives for this clip</source>
        <translation>ファイルに記録されたこの動画の速さです</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file gives no speed: {fps:.0f} frames/s assumed</source>
        <translation>ファイルに速さの記録がないため、毎秒 {fps:.0f} コマとしています</translation>
    </message>
</context>
<context>
    <name>ClinicServer</name>
    <message>
        <location filename="../../ilc_viewer/ui/clinic_server.py" line="+99"/>
        <location line="+131"/>
        <source>Clinic server</source>
        <extracomment>Shows a message box: (parent, title, text, problem). Makes the client the open dialog talks to (tests pass a fake). Sends data sets to the server (tests pass a fake).</extracomment>
        <translation>院内サーバー</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>No clinic server is set on this computer yet. Enter its address in the settings.</source>
        <translation>このコンピュータには院内サーバーがまだ設定されていません。設定でアドレスを入力してください。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Open a study first: there is nothing to save.</source>
        <translation>先に検査を開いてください。保存するものがありません。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No panel shows a series: there is nothing to save.</source>
        <translation>どのパネルにもシリーズが表示されていません。保存するものがありません。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Saving the annotations to {server} ...</source>
        <translation>注釈を {server} に保存しています...</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save annotations as DICOM files</source>
        <translation>注釈を DICOM ファイルとして保存</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{path} is inside the study&apos;s folder, which may be a CD and is never written to. Please choose another place.</source>
        <translation>{path} は検査のフォルダ（CD の場合があり、書き込みはしません）の中です。別の場所を選んでください。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saving the annotations as DICOM files ...</source>
        <translation>注釈を DICOM ファイルとして保存しています...</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A save is still running; please wait for it.</source>
        <translation>保存の処理がまだ続いています。終わるまでお待ちください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+19"/>
        <source>The annotations were not saved: {reason}</source>
        <translation>注釈は保存されませんでした: {reason}</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Cancelled.</source>
        <translation>取り消しました。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} DICOM object(s) saved to the clinic server.</source>
        <translation>院内サーバーに DICOM オブジェクトを {count} 件保存しました。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{count} DICOM file(s) saved in {folder}.</source>
        <translation>{folder} に DICOM ファイルを {count} 件保存しました。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save annotations</source>
        <translation>注釈の保存</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Open from clinic &amp;server...</source>
        <translation>院内サーバーから開く(&amp;S)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save annotations to clinic ser&amp;ver</source>
        <translation>注釈を院内サーバーに保存(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save annotations as &amp;DICOM files...</source>
        <translation>注釈を DICOM ファイルとして保存(&amp;D)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Annotations saved with the stud&amp;y...</source>
        <translation>検査と一緒に保存された注釈(&amp;Y)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clinic server se&amp;ttings...</source>
        <translation>院内サーバーの設定(&amp;T)...</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <location filename="../../ilc_viewer/ui/docks.py" line="+106"/>
        <source>Series</source>
        <extracomment>Side panel widths in lines of text (font height), so they follow the font at every DPI. A screen narrower than this (logical pixels at the usual text size: 1366x768, 1440x900) gets the series list as a tab beside the other panels: every pixel goes to the images.</extracomment>
        <translation>シリーズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window</source>
        <translation>ウィンドウ調整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotations</source>
        <translation>注釈</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Skipped files ({count})</source>
        <translation>スキップしたファイル（{count}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped files</source>
        <translation>スキップしたファイル</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../ilc_viewer/ui/export_dialog.py" line="+115"/>
        <location line="+125"/>
        <source>Export image</source>
        <translation>画像の書き出し</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>Whole view (all panels side by side)</source>
        <translation>画面全体（すべてのパネルを横に並べる）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current panel</source>
        <translation>選んでいるパネル</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{scale}x the images&apos; own size</source>
        <translation>元の画像の {scale} 倍</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PNG (best quality)</source>
        <translation>PNG（最高画質）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG (smaller file)</source>
        <translation>JPEG（小さいファイル）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+32"/>
        <source>Show patient name</source>
        <translation>患者さんの氏名を入れる</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>What</source>
        <translation>範囲</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <translation>大きさ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export handout (PDF)</source>
        <translation>説明資料の書き出し（PDF）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Open a study first: there is nothing to export yet.</source>
        <extracomment>Asks where to save: (parent, title, suggested path, filter) -&gt; path or &quot;&quot; to cancel.</extracomment>
        <translation>先に検査を開いてください。まだ書き出すものがありません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path} is inside the study&apos;s folder, which may be a CD and is never written to. Please choose another place.</source>
        <translation>{path} は検査のフォルダ（CD の場合があり、書き込みはしません）の中です。別の場所を選んでください。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>PNG image</source>
        <translation>PNG 画像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG image</source>
        <translation>JPEG 画像</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Export handout</source>
        <translation>説明資料の書き出し</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF document</source>
        <translation>PDF 文書</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Image (PNG/JPEG)...</source>
        <translation>画像（PNG/JPEG）(&amp;I)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Handout (PDF)...</source>
        <translation>説明資料（PDF）(&amp;H)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy picture</source>
        <translation>画像をコピー(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the annotated picture (no patient name)</source>
        <translation>注釈付きの画像をコピーします（患者さんの氏名は入りません）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>E&amp;xport</source>
        <translation>書き出し(&amp;X)</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../ilc_viewer/ui/help.py" line="+71"/>
        <source>ILC Viewer user guide</source>
        <extracomment>The guide&apos;s folder in the bundled resources. The libraries the program ships with: (distribution, what it does for us, licence).</extracomment>
        <translation>ILC Viewer 使い方ガイド</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The guide cannot be read: {reason}</source>
        <translation>ガイドを読めません：{reason}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>About ILC Viewer</source>
        <translation>ILC Viewer について</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An MRI viewer for explaining lower-back images to patients, made for the International Lumbago Clinic, Tokyo. It shows T1, T2 and STIR side by side with plain-language notes, and works offline.</source>
        <translation>腰のMRI画像を患者さんにご説明するためのビューアーです。東京の International Lumbago Clinic のために作られました。T1、T2、STIR を並べて、わかりやすい言葉の説明とともに表示します。インターネットなしで動きます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Licence: proprietary, International Lumbago Clinic. The sample studies are simulated; they hold no real patient data.</source>
        <translation>ライセンス：International Lumbago Clinic 専用（プロプライエタリ）。サンプルの検査はシミュレーションで、実在の患者さんのデータは含みません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built with</source>
        <translation>使用しているソフトウェア</translation>
    </message>
</context>
<context>
    <name>Histogram</name>
    <message>
        <location filename="../../ilc_viewer/ui/histogram.py" line="+26"/>
        <source>Intensities of this slice; the shaded band is the window shown</source>
        <translation>このスライスの信号の分布。色の付いた帯が表示中のウィンドウです</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ilc_viewer/ui/main_window.py" line="+134"/>
        <source>{count} studies found; none chosen (Tools menu).</source>
        <extracomment>QSettings key: show the axial pane beside the triple (the last choice). QSettings key: images fill the panels instead of fitting (the last choice). Asks for a text (title, label, current) -&gt; text or None; tests replace it.</extracomment>
        <translation>{count} 件の検査が見つかりましたが、選ばれていません（ツールメニュー）。</translation>
    </message>
    <message>
        <location filename="../../ilc_viewer/ui/reading_status.py" line="+46"/>
        <source>Reading {path} ...</source>
        <extracomment>The open study&apos;s counts: a widget of the status bar, so a passing message (a menu entry&apos;s tip, a note) covers it for a moment and it comes back, never blanked.</extracomment>
        <translation>{path} を読み込み中 ...</translation>
    </message>
    <message>
        <location filename="../../ilc_viewer/ui/main_window.py" line="+40"/>
        <source>No {sequences} series recognised in this study: drag any series from the list onto a panel.</source>
        <translation>この検査には {sequences} のシリーズが見つかりませんでした。一覧からシリーズをパネルにドラッグしてください。</translation>
    </message>
    <message>
        <location filename="../../ilc_viewer/ui/reading_status.py" line="+37"/>
        <source>{series} series, {images} images; files skipped: {skipped}</source>
        <translation>{series} シリーズ、{images} 枚、スキップしたファイル：{skipped}</translation>
    </message>
    <message>
        <location filename="../../ilc_viewer/ui/main_window.py" line="+52"/>
        <source>This study has no axial series.</source>
        <translation>この検査には横断像のシリーズがありません。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>study</source>
        <translation>検査</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../ilc_viewer/ui/actions.py" line="-109"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>最近開いた検査(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Language</source>
        <translation>言語 / Language(&amp;L)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Panels</source>
        <translation>パネル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Slices</source>
        <translation>スライス(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Window</source>
        <translation>ウィンドウ調整(&amp;W)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Tools</source>
        <translation>ツール(&amp;T)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Annotation tools</source>
        <translation>注釈ツール</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
</context>
<context>
    <name>PaneWidget</name>
    <message>
        <location filename="../../ilc_viewer/ui/pane_widget.py" line="+41"/>
        <location line="+36"/>
        <source>Slice</source>
        <extracomment>Drag-and-drop format of a series key (from the series browser).</extracomment>
        <translation>スライス</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Frame</source>
        <translation>コマ</translation>
    </message>
</context>
<context>
    <name>SavedAnnotations</name>
    <message>
        <location filename="../../ilc_viewer/ui/saved_annotations.py" line="+96"/>
        <source>show saved annotations</source>
        <extracomment>The saves found with the open study, newest first. The series UIDs of the saves on screen: this viewer&apos;s loaded, another&apos;s layer.</extracomment>
        <translation>保存された注釈の表示</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ctrl+Z goes back to the annotations shown before.</source>
        <translation>Ctrl+Z で前に表示していた注釈に戻せます。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>show annotations saved {when}</source>
        <translation>{when} に保存された注釈の表示</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Annotations saved with the study</source>
        <translation>検査と一緒に保存された注釈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved</source>
        <translation>保存日時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Made with</source>
        <translation>作成したプログラム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotations</source>
        <translation>注釈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On screen</source>
        <translation>表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>備考</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>ILC Viewer (editable)</source>
        <translation>ILC Viewer（編集できます）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>another program (read only)</source>
        <translation>別のプログラム（表示のみ）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shown</source>
        <translation>表示中</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The newest save is shown when the study opens, unless this computer&apos;s annotations are newer. Ctrl+Z undoes showing a save.</source>
        <translation>検査を開くと、いちばん新しい保存が表示されます（このコンピュータの注釈のほうが新しい場合を除きます）。保存を表示した後は Ctrl+Z で元に戻せます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show this save</source>
        <translation>この保存を表示</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No annotations were saved with this study (as DICOM presentation states).</source>
        <translation>この検査と一緒に保存された注釈（DICOM プレゼンテーションステート）はありません。</translation>
    </message>
</context>
<context>
    <name>SeriesBrowser</name>
    <message>
        <location filename="../../ilc_viewer/ui/series_browser.py" line="+33"/>
        <source>{count} images, {damaged} damaged</source>
        <translation>{count} 枚（うち {damaged} 枚破損）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} frames</source>
        <translation>{count} コマ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} images</source>
        <translation>{count} 枚</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no description</source>
        <translation>説明なし</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <location filename="../../ilc_viewer/ui/server_dialog.py" line="+43"/>
        <source>Date</source>
        <translation>検査日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patient</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+111"/>
        <source>Patient ID</source>
        <translation>患者 ID</translation>
    </message>
    <message>
        <location line="-110"/>
        <location line="+5"/>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Modalities</source>
        <translation>モダリティ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Series</source>
        <translation>シリーズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Images</source>
        <translation>枚数</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+115"/>
        <source>Modality</source>
        <translation>モダリティ</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Open from clinic server</source>
        <extracomment>The patient columns of the study table (shown as &quot;(hidden)&quot; unless asked for). The folder of the retrieved study (emitted once, then the dialog accepts).</extracomment>
        <translation>院内サーバーから開く</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>part of the name (any script)</source>
        <translation>氏名の一部（漢字・かな・ローマ字）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any date</source>
        <translation>日付を指定しない</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+245"/>
        <source>Any</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location line="-243"/>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Type a name or an ID, then Search.</source>
        <translation>氏名か ID を入力して、「検索」を押してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+169"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location line="-141"/>
        <source>Patient name</source>
        <translation>患者さんの氏名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Study date</source>
        <translation>検査日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>to</source>
        <comment>from one date to another</comment>
        <translation>〜</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Studies</source>
        <translation>検査</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Series of the chosen study</source>
        <translation>選んだ検査のシリーズ</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Searching ...</source>
        <translation>検索しています ...</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+138"/>
        <source>(hidden)</source>
        <translation>（非表示）</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>No study found.</source>
        <translation>検査は見つかりませんでした。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 study found.</source>
        <translation>検査が 1 件見つかりました。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} studies found. Choose one to see its series.</source>
        <translation>検査が {count} 件見つかりました。検査を選ぶと、そのシリーズが表示されます。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retrieving the study ...</source>
        <translation>検査を取り込んでいます ...</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Retrieving: {done} of {total} images</source>
        <translation>取り込み中：{total} 枚中 {done} 枚</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Retrieved.</source>
        <translation>取り込みました。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancelling ...</source>
        <translation>中止しています ...</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cancelled: nothing was kept.</source>
        <translation>中止しました。取り込み途中の画像は残していません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Failed.</source>
        <translation>うまくいきませんでした。</translation>
    </message>
</context>
<context>
    <name>ServerSettings</name>
    <message>
        <location filename="../../ilc_viewer/ui/server_settings.py" line="+37"/>
        <source>C-GET, or C-MOVE where the server needs it</source>
        <translation>C-GET（サーバーが求める場合は C-MOVE）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C-GET only</source>
        <translation>C-GET のみ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C-MOVE only</source>
        <translation>C-MOVE のみ</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Clinic server settings</source>
        <extracomment>Words said later: (source) -&gt; shown in the language of the moment.</extracomment>
        <translation>院内サーバーの設定</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. pacs.clinic.local (empty: no server)</source>
        <translation>例：pacs.clinic.local（空欄：サーバーを使わない）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Test connection (C-ECHO)</source>
        <translation>接続テスト（C-ECHO）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Server host</source>
        <translation>サーバーのホスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server port</source>
        <translation>サーバーのポート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server AE title</source>
        <translation>サーバーの AE タイトル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Our AE title</source>
        <translation>このビューアーの AE タイトル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect timeout</source>
        <translation>接続の待ち時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer timeout</source>
        <translation>応答の待ち時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retrieve by</source>
        <translation>取り込み方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Our port for C-MOVE</source>
        <translation>C-MOVE の受信ポート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local cache up to</source>
        <translation>キャッシュの上限</translation>
    </message>
    <message>
        <location line="+19"/>
        <source> s</source>
        <comment>seconds after a number</comment>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{problem}.</source>
        <translation>{problem}。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Calling {server} ...</source>
        <translation>{server} に接続しています ...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{server} answered in {ms} ms.</source>
        <translation>{server} が {ms} ms で応答しました。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelled.</source>
        <translation>中止しました。</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../ilc_viewer/ui/shortcuts_dialog.py" line="+23"/>
        <source>Mouse wheel</source>
        <translation>マウスホイール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next / previous slice</source>
        <translation>次 / 前のスライス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl + mouse wheel</source>
        <translation>Ctrl + マウスホイール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in / out</source>
        <translation>拡大 / 縮小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Left drag</source>
        <translation>左ドラッグ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the image (pan)</source>
        <translation>画像を動かす（パン）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Right drag</source>
        <translation>右ドラッグ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window: left-right = width (contrast), up-down = centre (brightness)</source>
        <translation>ウィンドウ調整：左右 = 幅（コントラスト）、上下 = 中心（明るさ）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click</source>
        <translation>ダブルクリック</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show this panel alone / back</source>
        <translation>このパネルだけを表示 / 元に戻す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag a series</source>
        <translation>シリーズをドラッグ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the series list onto any panel</source>
        <translation>シリーズの一覧から好きなパネルへ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop files</source>
        <translation>ファイルをドロップ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Onto the window to open them</source>
        <translation>画面にドロップすると開きます</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Keyboard and mouse shortcuts</source>
        <translation>キーボードとマウスの操作一覧</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>SkipPanel</name>
    <message>
        <location filename="../../ilc_viewer/ui/skip_panel.py" line="+63"/>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>StudyChooser</name>
    <message>
        <location filename="../../ilc_viewer/ui/study_chooser.py" line="+32"/>
        <source>Choose a study</source>
        <translation>検査を選ぶ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show names</source>
        <translation>氏名を表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the patients&apos; names (hidden by default)</source>
        <translation>患者さんの氏名を表示します（通常は隠しています）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This folder holds {count} studies. Which one?</source>
        <translation>このフォルダには {count} 件の検査があります。どれを開きますか？</translation>
    </message>
</context>
<context>
    <name>StudyLoader</name>
    <message>
        <location filename="../../ilc_viewer/ui/loader.py" line="+81"/>
        <source>{path}: unexpected error: {error}</source>
        <extracomment>Seconds between two progress signals (the first and the last always go).</extracomment>
        <translation>{path}: 思いがけないエラー：{error}</translation>
    </message>
</context>
<context>
    <name>StudyOpener</name>
    <message>
        <location filename="../../ilc_viewer/ui/study_opener.py" line="+64"/>
        <source>Open a folder of DICOM images</source>
        <extracomment>Chooses one of several studies (index) or None to cancel; tests replace the dialog. Milliseconds to wait for a first picture before starting the background work anyway. Background work (prefetch, thumbnails, presets) waiting for the first picture.</extracomment>
        <translation>DICOM 画像のフォルダを開く</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open a DICOM file, DICOMDIR or zip</source>
        <translation>DICOM ファイル、DICOMDIR、zip を開く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DICOM, DICOMDIR or zip</source>
        <translation>DICOM、DICOMDIR、zip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All files</source>
        <translation>すべてのファイル</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No images to show in {path}. {count} file(s) skipped: see &apos;Skipped files&apos;.</source>
        <translation>{path} には表示できる画像がありません。{count} 個のファイルをスキップしました：「スキップしたファイル」をご覧ください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No images to show in {path}.</source>
        <translation>{path} には表示できる画像がありません。</translation>
    </message>
</context>
<context>
    <name>Tools</name>
    <message>
        <location filename="../../ilc_viewer/ui/annotation_tools.py" line="+42"/>
        <source>&amp;Select / move</source>
        <extracomment>Tools in menu order: name -&gt; (menu text, shortcut, what the status bar says).</extracomment>
        <translation>選択 / 移動(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click an annotation to select it; drag to move it</source>
        <translation>注釈をクリックで選択、ドラッグで移動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ticker (explanation)</source>
        <translation>ステッカー（説明）(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click the spot for the phrase chosen in the Annotations panel (or drag from the spot to where the label goes)</source>
        <translation>注釈パネルで選んだフレーズの場所をクリック（その場所からラベルを置きたい所までドラッグしても置けます）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Free &amp;text</source>
        <translation>自由な文字(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click where the text goes</source>
        <translation>文字を置く場所をクリック</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Arrow</source>
        <translation>矢印(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag from the tail to the spot</source>
        <translation>矢印の根元から指したい場所までドラッグ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Circle / ellipse</source>
        <translation>円 / 楕円(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag across the area to circle</source>
        <translation>囲みたい範囲をドラッグ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ruler (mm)</source>
        <translation>定規（mm）(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag from one end to the other</source>
        <translation>端から端までドラッグ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An&amp;gle</source>
        <translation>角度(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click one end, the vertex, then the other end</source>
        <translation>片方の端、頂点、もう片方の端の順にクリック</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spine &amp;levels</source>
        <translation>椎体の高さ(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click each disc (or vertebra) along the spine: the first click gets the start you chose, each next one the next level up or down</source>
        <translation>背骨に沿って椎間板（または椎体）をクリックします。最初のクリックには選んだ開始位置の名前が、次からは上下の次の高さの名前が付きます</translation>
    </message>
    <message>
        <location line="+127"/>
        <location filename="../../ilc_viewer/ui/pane_view.py" line="+225"/>
        <source>Show a series in this panel first.</source>
        <extracomment>The starts the level tool offers, most usual first. Kinds drawn by dragging (a press and a release). How far (screen pixels) the mouse must move for a press to count as a drag. Asks the user to choose: (title, label, items, current) -&gt; the item chosen, or None. Asks which level the first click names: (title, label, items, current) -&gt; item or None; the window sets a dialog, tests a function.
----------
One wheel notch zooms by this factor. Where a clicked sticker&apos;s label goes, in screen pixels from the spot. An annotation being dragged: (tag grabbed, press point, annotation as saved). The other pane whose reference line is being dragged.</extracomment>
        <translation>先にこのパネルにシリーズを表示してください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Spine levels are placed on MRI, where images have a position in the body; this picture has none.</source>
        <translation>脊椎のレベルは、体内での位置がわかるMRIに付けます。この画像にはその情報がありません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a phrase in the Annotations panel first, then click the spot.</source>
        <translation>先に注釈パネルでフレーズを選んでから、その場所をクリックしてください。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Free text</source>
        <translation>自由な文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text on the image:</source>
        <translation>画像に書く文字：</translation>
    </message>
    <message>
        <location filename="../../ilc_viewer/ui/actions.py" line="+31"/>
        <location filename="../../ilc_viewer/ui/annotation_commands.py" line="-3"/>
        <source>{tip} ({key})</source>
        <translation>{tip}（{key}）</translation>
    </message>
</context>
<context>
    <name>TourPanel</name>
    <message>
        <location filename="../../ilc_viewer/ui/tour_panel.py" line="+43"/>
        <source>Both (handout: English, then 日本語)</source>
        <extracomment>The tour languages as offered (English and Japanese in their own words).</extracomment>
        <translation>両方（説明書：英語のあと日本語）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>How common is this?</source>
        <extracomment>The open study (the window sets it): the age note reads its patient&apos;s age.</extracomment>
        <translation>どのくらいよくあること？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows how many people of the patient&apos;s age with no back pain have the same disc finding (only the age in years is used)</source>
        <translation>患者さんと同じくらいの年齢で腰の痛みがない人のうち、同じ椎間板の所見がある人の割合を示します（年齢の「歳」だけを使います）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start Explain mode (F5)</source>
        <translation>説明モードを始める (F5)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Steps&lt;/b&gt; — after the three camera filters; tick, drag to order</source>
        <translation>&lt;b&gt;ステップ&lt;/b&gt; — 3つのカメラフィルターのあと。チェックを入れ、ドラッグで順番を変えます</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Teaching cards&lt;/b&gt; — then</source>
        <translation>&lt;b&gt;説明カード&lt;/b&gt; — そのあとに</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>This study has no age: nothing is shown.</source>
        <translation>この検査には年齢がないため、表示されません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Age used: {age} (years only)</source>
        <translation>使う年齢：{age}歳（歳のみ）</translation>
    </message>
</context>
<context>
    <name>WindowControls</name>
    <message>
        <location filename="../../ilc_viewer/ui/window_controls.py" line="+70"/>
        <source>Window centre (level): the grey value shown as middle grey</source>
        <translation>ウィンドウの中心（レベル）：中間の灰色で表示する値</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Window width: the range of values from black to white</source>
        <translation>ウィンドウ幅：黒から白までに割り当てる値の範囲</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Window presets for this sequence</source>
        <translation>この撮影法のプリセット</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the starting window (R)</source>
        <translation>最初のウィンドウに戻す（R）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invert</source>
        <translation>反転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show white as black and black as white (I)</source>
        <translation>白を黒に、黒を白にして表示（I）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Link same sequence</source>
        <translation>同じ撮影法を連動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply window changes to every panel showing the same sequence type (for example two T2 series)</source>
        <translation>ウィンドウの変更を、同じ撮影法を表示しているすべてのパネルに反映します（例：2 つの T2 シリーズ）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Brightness: 0 % shows the colours as recorded; more is lighter</source>
        <translation>明るさ：0 % で記録された色のまま、大きいほど明るくなります</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contrast: 100 % shows the colours as recorded; more spreads them apart</source>
        <translation>コントラスト：100 % で記録された色のまま、大きいほど色の差が強まります</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A colour picture: brightness and contrast instead of window and level.</source>
        <translation>カラー画像です：ウインドウ幅・レベルの代わりに、明るさとコントラストで調整します。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Width</source>
        <translation>幅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Centre</source>
        <translation>中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brightness</source>
        <translation>明るさ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contrast</source>
        <translation>コントラスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preset</source>
        <translation>プリセット</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Panel {number}: {sequence}</source>
        <translation>パネル {number}：{sequence}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Panel {number}: empty</source>
        <translation>パネル {number}：空</translation>
    </message>
</context>
</TS>
