//! The archive's content checked against the article, case by case, with the numbers read from the
//! text by hand. These are the end-to-end checks that the extraction is right.

use super::*;

fn one<T: rusqlite::types::FromSql>(conn: &rusqlite::Connection, sql: &str) -> T {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn rows(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                })
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn the_article_is_stored_verbatim_and_every_paragraph_once() {
    let a = Archive::built();
    let conn = a.conn();
    let original = std::fs::read_to_string(seed_dir().join("gaoxinqu-2020/article.txt")).unwrap();
    let stored: String = one(&conn, "SELECT text FROM article");
    assert_eq!(stored, original);
    let paragraphs: Vec<String> = original
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    let stored_paragraphs = rows(&conn, "SELECT text FROM paragraph ORDER BY source_position");
    assert_eq!(
        stored_paragraphs
            .iter()
            .map(|r| r[0].clone())
            .collect::<Vec<_>>(),
        paragraphs
    );
    // Reading positions are a permutation of 1..=n, and offsets point at the paragraph's text.
    let n = paragraphs.len() as i64;
    let distinct: i64 = one(
        &conn,
        "SELECT count(DISTINCT reading_position) FROM paragraph",
    );
    let max: i64 = one(&conn, "SELECT max(reading_position) FROM paragraph");
    assert_eq!((distinct, max), (n, n));
    let misplaced: i64 = one(
        &conn,
        "SELECT count(*) FROM paragraph p, article a WHERE substr(a.text, p.char_start + 1, p.char_end - p.char_start) <> p.text",
    );
    assert_eq!(misplaced, 0);
}

#[test]
fn every_citation_quotes_its_paragraph_at_its_offsets() {
    let a = Archive::built();
    let conn = a.conn();
    let bad: i64 = one(
        &conn,
        "SELECT count(*) FROM citation c JOIN paragraph p ON p.id = c.paragraph_id, article a \
         WHERE substr(a.text, c.char_start + 1, c.char_end - c.char_start) <> c.quote \
            OR c.char_start < p.char_start OR c.char_end > p.char_end",
    );
    assert_eq!(bad, 0);
    let fk: i64 = one(&conn, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_eq!(fk, 0);
    let integrity: String = one(&conn, "PRAGMA integrity_check");
    assert_eq!(integrity, "ok");
}

#[test]
fn stories_are_attributed_by_content_not_position() {
    let a = Archive::built();
    let conn = a.conn();
    let zone_of = |start: &str| -> String {
        one(
            &conn,
            &format!(
                "SELECT z.name FROM paragraph p JOIN story s ON s.id = p.story_id JOIN zone z ON z.id = s.zone_id \
                 WHERE p.text LIKE '{start}%'"
            ),
        )
    };
    // The first paragraph on the page is the end of a Chengdu paragraph printed much later.
    assert_eq!(zone_of("力量,确保摸排走访全覆盖"), "成都高新区");
    // Chengdu's lead quotes stand after the Xiangyang story on the page.
    assert_eq!(zone_of("“社区缺人么?"), "成都高新区");
    assert_eq!(zone_of("桂溪街道党工委双源社区党委"), "成都高新区");
    assert_eq!(zone_of("小组,建立五级防控体系"), "西安高新区");
    // The split paragraph is read right after its first half.
    let (first, second): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT reading_position FROM paragraph WHERE text LIKE '“小张%'), \
                    (SELECT reading_position FROM paragraph WHERE text LIKE '力量,确保%' AND continues_previous = 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(second, first + 1);
    let headlines = rows(
        &conn,
        "SELECT z.name, s.headline, s.byline FROM story s JOIN zone z ON z.id = s.zone_id ORDER BY s.position",
    );
    assert_eq!(headlines.len(), 8);
    for h in &headlines {
        let city = h[0].trim_end_matches("高新区").trim_end_matches("火炬");
        assert!(h[1].starts_with(city), "{h:?}");
    }
    assert_eq!(headlines[0][2], "► 陈淋");
    let authors = rows(
        &conn,
        "SELECT name FROM story_author ORDER BY story_id, position",
    );
    assert_eq!(
        authors,
        vec![vec!["陈淋"], vec!["徐丹青"], vec!["齐菲"], vec!["魏金辉"]]
    );
}

#[test]
fn party_member_figures_and_their_nesting() {
    let a = Archive::built();
    let conn = a.conn();
    let chengdu = rows(
        &conn,
        "SELECT f.phrase, f.value, f.qualifier, f.part_of_id IS NULL, f.restates_id IS NULL, coalesce(o.name, '') \
         FROM figure f JOIN zone z ON z.id = f.zone_id LEFT JOIN organization o ON o.id = f.organization_id \
         WHERE z.name = '成都高新区' AND f.metric = 'party_members' ORDER BY f.id",
    );
    assert_eq!(
        chengdu,
        vec![
            vec!["1.5万余名", "15000", "at_least", "1", "1", ""],
            vec!["1.5万余名", "15000", "at_least", "1", "0", ""],
            vec!["上千余名", "1000", "at_least", "0", "1", ""],
            vec!["189名", "189", "exact", "0", "1", "双源社区党委"],
        ]
    );
    // Counting only figures that are neither nested nor restated gives each zone's figures once.
    let top = rows(
        &conn,
        "SELECT z.name, sum(f.value) FROM figure f JOIN zone z ON z.id = f.zone_id \
         WHERE f.metric = 'party_members' AND f.part_of_id IS NULL AND f.restates_id IS NULL \
         GROUP BY z.id ORDER BY z.id",
    );
    assert_eq!(
        top,
        vec![
            vec!["成都高新区", "15000"],
            vec!["合肥高新区", "20"],
            vec!["海口高新区", "190"],
            vec!["西安高新区", "27"],
        ]
    );
}

#[test]
fn grassroots_organizations_and_other_counts() {
    let a = Archive::built();
    let conn = a.conn();
    let figure = |metric: &str| -> Vec<Vec<String>> {
        rows(
            &conn,
            &format!(
                "SELECT z.name, f.value, f.unit, f.qualifier, coalesce(f.as_of, '') FROM figure f JOIN zone z ON z.id = f.zone_id \
                 WHERE f.metric = '{metric}' AND f.part_of_id IS NULL AND f.restates_id IS NULL ORDER BY f.id"
            ),
        )
    };
    assert_eq!(
        figure("grassroots_party_organizations"),
        vec![vec!["成都高新区", "1000", "个", "at_least", ""]]
    );
    assert_eq!(
        figure("units_screened"),
        vec![vec!["成都高新区", "10000", "家", "at_least", "2020-02-02"]]
    );
    assert_eq!(
        figure("grid_cells"),
        vec![vec!["襄阳高新区", "334", "个", "exact", ""]]
    );
    assert_eq!(
        figure("development_time"),
        vec![vec!["成都高新区", "1", "周", "less_than", ""]]
    );
    assert_eq!(
        figure("continuous_work_hours"),
        vec![vec!["合肥高新区", "30", "小时", "at_least", ""]]
    );
    assert_eq!(
        figure("universities_served"),
        vec![vec!["合肥高新区", "150", "家", "at_least", ""]]
    );
    assert_eq!(
        figure("provinces_served"),
        vec![vec!["合肥高新区", "20", "个", "exact", ""]]
    );
    assert_eq!(
        figure("control_levels"),
        vec![vec!["西安高新区", "5", "级", "exact", ""]]
    );
    assert_eq!(
        figure("measures"),
        vec![vec!["西安高新区", "10", "条", "exact", ""]]
    );
    assert_eq!(
        figure("employees"),
        vec![vec!["厦门火炬高新区", "100", "个", "at_least", ""]]
    );
    // The headline's "1000个" is kept, as a restatement of the story's 1000余个.
    let headline: Vec<Vec<String>> = rows(
        &conn,
        "SELECT f.value, f.qualifier, r.phrase FROM figure f JOIN figure r ON r.id = f.restates_id \
         JOIN citation c ON c.id = f.citation_id JOIN paragraph p ON p.id = c.paragraph_id WHERE p.kind = 'headline' ORDER BY f.id",
    );
    assert_eq!(
        headline,
        vec![
            vec!["1000", "exact", "1000余个"],
            vec!["190", "exact", "190名"]
        ]
    );
}

#[test]
fn teams_count_each_team_once() {
    let a = Archive::built();
    let conn = a.conn();
    // Top-level rows per zone and class: what each row says, before any total is taken.
    let per_zone = rows(
        &conn,
        "SELECT z.name, k.class, sum(t.team_count), group_concat(DISTINCT t.count_qualifier), sum(t.members) \
         FROM team t JOIN zone z ON z.id = t.zone_id JOIN team_kind_class k ON k.kind = t.kind \
         WHERE t.part_of_id IS NULL GROUP BY z.id, k.class ORDER BY z.id, k.class_position",
    );
    let (front, bodies) = ("front_line_teams", "command_and_working_bodies");
    assert_eq!(
        per_zone,
        vec![
            // 600余 and 双源's grid team, which is not among them.
            vec!["成都高新区", front, "601", "at_least,exact", "NULL"],
            // 渔之蓝's shock team; 金域's command post and 中科美络's emergency group.
            vec!["合肥高新区", front, "1", "exact", "NULL"],
            vec!["合肥高新区", bodies, "2", "exact", "NULL"],
            vec!["兰州高新区", bodies, "1", "exact", "NULL"],
            vec!["海口高新区", front, "40", "exact", "190"],
            vec!["厦门火炬高新区", front, "2", "exact", "NULL"],
            // 5个工作组, 5个督查组 and the 一个指挥部 of the 四个一 mechanism.
            vec!["襄阳高新区", bodies, "11", "exact", "NULL"],
            // 集贤园党委's 1 office, 6 command posts and 8 groups: one park's bodies.
            vec!["西安高新区", bodies, "15", "exact", "NULL"],
        ]
    );
    let haikou = rows(
        &conn,
        "SELECT t.name, t.team_count FROM team t JOIN team p ON p.id = t.part_of_id WHERE p.team_count = 40 ORDER BY t.id",
    );
    assert_eq!(
        haikou,
        vec![
            vec!["先锋队", "28"],
            vec!["突击队", "9"],
            vec!["志愿队", "3"]
        ]
    );
    // 华西医院's medical team is not a zone's own team.
    let huaxi: String = one(
        &conn,
        "SELECT coalesce(zone_id, 'none') FROM team WHERE name = '华西医院第一批援助武汉医疗队'",
    );
    assert_eq!(huaxi, "none");
}

#[test]
fn donations_keep_quantities_exact_and_unknowns_unknown() {
    let a = Archive::built();
    let conn = a.conn();
    let huami = rows(
        &conn,
        "SELECT m.name, d.quantity, d.unit, d.qualifier, d.kind FROM donation d JOIN material m ON m.id = d.material_id \
         JOIN zone z ON z.id = d.zone_id WHERE z.name = '合肥高新区' AND d.quantity IS NOT NULL ORDER BY d.id",
    );
    assert_eq!(
        huami,
        vec![
            vec!["资金", "10000000", "元", "exact", "raised"],
            vec!["口罩", "210000", "个", "exact", "procured"],
            vec!["消毒液", "43000", "瓶", "exact", "procured"],
            vec!["防护服", "13000", "套", "exact", "procured"],
            vec!["护目镜", "31000", "副", "exact", "procured"],
            vec!["医用手套", "680000", "副", "exact", "procured"],
            vec!["资金", "20000", "元", "exact", "donated"],
            vec!["资金", "3000", "元", "at_least", "special_party_dues"],
        ]
    );
    let xiangyang: Vec<Vec<String>> = rows(
        &conn,
        "SELECT d.quantity, d.kind, o.name FROM donation d JOIN zone z ON z.id = d.zone_id \
         JOIN donation_donor dd ON dd.donation_id = d.id JOIN organization o ON o.id = dd.organization_id WHERE z.name = '襄阳高新区'",
    );
    assert_eq!(
        xiangyang,
        vec![vec!["300000", "allocated", "襄阳高新区党工委组织部"]]
    );
    // Xiamen's donations of money and goods are reported without amounts: unknown, never 0.
    let xiamen = rows(
        &conn,
        "SELECT m.name, d.quantity, d.qualifier FROM donation d JOIN material m ON m.id = d.material_id \
         JOIN zone z ON z.id = d.zone_id WHERE z.name = '厦门火炬高新区' ORDER BY d.id",
    );
    assert_eq!(
        xiamen,
        vec![vec!["资金", "NULL", "NULL"], vec!["物资", "NULL", "NULL"]]
    );
    let zeros: i64 = one(&conn, "SELECT count(*) FROM donation WHERE quantity = 0");
    assert_eq!(zeros, 0);
    let joint: Vec<Vec<String>> = rows(
        &conn,
        "SELECT group_concat(o.name, '、') FROM donation d JOIN donation_donor dd ON dd.donation_id = d.id \
         JOIN organization o ON o.id = dd.organization_id WHERE d.kind = 'special_party_dues' GROUP BY d.id",
    );
    // 至博光电、高新物业支部 is the two companies' branches, paying one sum together.
    assert_eq!(joint, vec![vec!["至博光电支部、高新物业支部"]]);
}

#[test]
fn two_names_joined_by_a_list_comma_are_two_branches() {
    let a = Archive::built();
    let conn = a.conn();
    let branches = rows(
        &conn,
        "SELECT o.name, o.kind, h.name FROM organization o JOIN organization h ON h.id = o.host_id \
         WHERE o.name IN ('至博光电支部', '高新物业支部') ORDER BY o.id",
    );
    assert_eq!(
        branches,
        vec![
            vec!["至博光电支部", "party_branch", "至博光电"],
            vec!["高新物业支部", "party_branch", "高新物业"],
        ]
    );
    // No organization's name is a list: 、 joins names, it is not part of one.
    let lists: i64 = one(
        &conn,
        "SELECT count(*) FROM organization WHERE name LIKE '%、%'",
    );
    assert_eq!(lists, 0);
}

#[test]
fn the_page_s_teams_are_all_rows_and_each_kind_has_one_class() {
    let a = Archive::built();
    let conn = a.conn();
    // 襄阳's 四个一 mechanism names one command post: it is a team row, the 党工委's.
    let xiangyang = rows(
        &conn,
        "SELECT t.kind, t.team_count, o.name FROM team t JOIN organization o ON o.id = t.organizer_id \
         JOIN citation c ON c.id = t.citation_id WHERE c.quote LIKE '%一个指挥部%'",
    );
    assert_eq!(
        xiangyang,
        vec![vec!["command_post", "1", "襄阳高新区党工委"]]
    );
    // A mixed row counts front-line teams only: its parts never include a command or working body.
    let mixed_with_bodies: i64 = one(
        &conn,
        "SELECT count(*) FROM team p JOIN team t ON t.part_of_id = p.id JOIN team_kind_class k ON k.kind = t.kind \
         WHERE p.kind = 'mixed' AND k.class <> 'front_line_teams'",
    );
    assert_eq!(mixed_with_bodies, 0);
    // The only zone total is 成都's printed 600余 (a count with no organizer); a body a zone set up
    // without a number (兰州's leading group) is not one.
    let zone_totals = rows(
        &conn,
        "SELECT z.name, t.count_phrase FROM team t JOIN zone z ON z.id = t.zone_id \
         WHERE t.organizer_id IS NULL AND t.count_phrase IS NOT NULL AND t.part_of_id IS NULL",
    );
    assert_eq!(zone_totals, vec![vec!["成都高新区", "600余个"]]);
    // 双源's 189 party members belong to its party committee; the two teams they were mobilized
    // to form carry no members, since the page does not say how many joined.
    let shuangyuan = rows(
        &conn,
        "SELECT t.name, coalesce(t.members, 'unknown') FROM team t JOIN organization o ON o.id = t.organizer_id \
         WHERE o.name = '双源社区党委' ORDER BY t.id",
    );
    assert_eq!(
        shuangyuan,
        vec![
            vec!["党员志愿者队", "unknown"],
            vec!["网格员队伍", "unknown"]
        ]
    );
}

#[test]
fn an_idiom_is_not_a_figure_and_a_family_s_party_members_are_kept_apart() {
    let a = Archive::built();
    let conn = a.conn();
    // 24小时待命 means on call around the clock: no figure of 24 hours.
    let hours: i64 = one(&conn, "SELECT count(*) FROM figure WHERE phrase = '24小时'");
    assert_eq!(hours, 0);
    let note: String = one(&conn, "SELECT note FROM person WHERE name = '袁征'");
    assert!(note.contains("24小时待命"), "{note}");
    // 一家三口都是党员: three party members of one household in 淄博, recorded, but not added to
    // the zone's party members (an unnamed household is neither the zone nor a named unit).
    let family = rows(
        &conn,
        "SELECT z.name, f.metric, f.value, f.unit, f.qualifier FROM figure f JOIN zone z ON z.id = f.zone_id \
         JOIN citation c ON c.id = f.citation_id WHERE c.quote LIKE '%一家三口%'",
    );
    assert_eq!(
        family,
        vec![vec![
            "淄博高新区",
            "family_party_members",
            "3",
            "口",
            "exact"
        ]]
    );
    let zibo: String = one(
        &conn,
        "SELECT coalesce(party_members, 'unknown') FROM party_members_per_zone WHERE zone = '淄博高新区'",
    );
    assert_eq!(zibo, "unknown");
}

#[test]
fn one_company_written_two_ways_is_one_row() {
    let a = Archive::built();
    let conn = a.conn();
    let sanyou: Vec<Vec<String>> = rows(
        &conn,
        "SELECT o.name, z.name FROM organization_alias al JOIN organization o ON o.id = al.organization_id \
         JOIN zone z ON z.id = o.zone_id WHERE al.alias = '三友光电'",
    );
    assert_eq!(sanyou, vec![vec!["三优光电", "厦门火炬高新区"]]);
    let rows_named: i64 = one(
        &conn,
        "SELECT count(*) FROM organization WHERE name IN ('三优光电', '三友光电')",
    );
    assert_eq!(rows_named, 1);
    // The shock team whose sentence says 三友光电 belongs to the same company.
    let organizer: String = one(
        &conn,
        "SELECT o.name FROM team t JOIN organization o ON o.id = t.organizer_id WHERE t.kind = 'shock_team' AND t.zone_id = (SELECT id FROM zone WHERE name = '厦门火炬高新区')",
    );
    assert_eq!(organizer, "三优光电");
}

#[test]
fn named_people_their_posts_and_party_membership() {
    let a = Archive::built();
    let conn = a.conn();
    let people = rows(
        &conn,
        "SELECT z.name, p.name, coalesce(p.party_member, 'unknown') FROM person p JOIN zone z ON z.id = p.zone_id ORDER BY p.id",
    );
    assert_eq!(
        people,
        vec![
            vec!["成都高新区", "杨慧", "1"],
            vec!["成都高新区", "宋志芳", "1"],
            vec!["成都高新区", "陈冠宇", "1"],
            vec!["合肥高新区", "申梦来", "1"],
            vec!["合肥高新区", "王友坤", "1"],
            vec!["合肥高新区", "袁征", "unknown"],
            vec!["合肥高新区", "余娟平", "unknown"],
            vec!["厦门火炬高新区", "陈智敏", "1"],
            vec!["西安高新区", "刘智勇", "1"],
            vec!["淄博高新区", "邢兆强", "1"],
            vec!["淄博高新区", "王显强", "1"],
        ]
    );
    // The same rule for everyone: a party post, 党员 in the narration's description, or the
    // person's own words naming themselves one, whose words the note quotes. A maxim about party
    // members (余娟平's 党员越是要冲在最前面) or 请战 alone does not say it.
    let people = rows(
        &conn,
        "SELECT p.name, coalesce(p.party_member, 'unknown'), coalesce(p.note, ''), para.text, \
                EXISTS (SELECT 1 FROM person_role r JOIN organization o ON o.id = r.organization_id \
                        WHERE r.person_id = p.id AND o.kind IN ('party_branch', 'party_committee', 'working_committee', 'party_group')), \
                EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND instr(para.text, '党员、' || r.title || p.name) > 0) \
         FROM person p JOIN citation c ON c.id = p.citation_id JOIN paragraph x ON x.id = c.paragraph_id \
         JOIN story s ON s.id = x.story_id \
         JOIN (SELECT story_id, group_concat(text, '') AS text FROM paragraph GROUP BY story_id) para ON para.story_id = s.id \
         ORDER BY p.id",
    );
    for row in &people {
        let (name, member, note, story) = (&row[0], &row[1], &row[2], &row[3]);
        let post = row[4] == "1";
        let narration = row[5] == "1";
        let own_words = ["作为党员", "作为一名党员", "我是党员"]
            .iter()
            .find(|w| note.contains(*w) && story.contains(*w));
        let says = post || narration || own_words.is_some();
        assert_eq!(
            member == "1",
            says,
            "{name}: party_member {member}, post {post}, narration {narration}, own words {own_words:?}"
        );
        assert_ne!(member, "0", "{name}: never false, only unknown");
    }
    let roles = rows(
        &conn,
        "SELECT r.title, coalesce(o.name, t.name) FROM person_role r JOIN person p ON p.id = r.person_id \
         LEFT JOIN organization o ON o.id = r.organization_id LEFT JOIN team t ON t.id = r.team_id \
         WHERE p.name IN ('陈智敏', '王显强') ORDER BY r.id",
    );
    assert_eq!(
        roles,
        vec![
            vec!["党委副书记", "网宿科技党委"],
            vec!["第一支部书记", "网宿科技第一支部"],
            vec!["党工委副书记", "淄博高新区四宝山街道党工委"],
            vec!["办事处主任", "淄博高新区四宝山街道办事处"],
        ]
    );
    // Authors are not people of the stories, and nobody quoted without a name is one.
    let authors_as_people: i64 = one(
        &conn,
        "SELECT count(*) FROM person WHERE name IN (SELECT name FROM story_author)",
    );
    assert_eq!(authors_as_people, 0);
}

#[test]
fn gender_only_where_the_page_gives_it() {
    let a = Archive::built();
    let conn = a.conn();
    let known = rows(
        &conn,
        "SELECT p.name, p.gender, p.note, x.text FROM person p JOIN citation c ON c.id = p.citation_id \
         JOIN paragraph x ON x.id = c.paragraph_id WHERE p.gender IS NOT NULL ORDER BY p.id",
    );
    let got: Vec<(&str, &str)> = known
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        got,
        [("陈冠宇", "male"), ("袁征", "female"), ("余娟平", "female")]
    );
    // Each rests on words of the person's paragraph, which the note quotes.
    for (r, words) in known.iter().zip(["他奶奶", "有孕在身", "但她却说"]) {
        assert!(r[2].contains(words) && r[3].contains(words), "{r:?}");
    }
}

#[test]
fn english_titles_are_the_usual_english_not_calques() {
    let a = Archive::built();
    let conn = a.conn();
    let title = |zh: &str| -> String {
        one(
            &conn,
            &format!("SELECT title_en FROM person_role WHERE title = '{zh}'"),
        )
    };
    assert_eq!(title("总指挥"), "chief commander");
    assert_eq!(title("办事处主任"), "director of the subdistrict office");
    let calques: i64 = one(
        &conn,
        "SELECT count(*) FROM person_role WHERE title_en LIKE '%in-chief%' OR title_en LIKE '%street%'",
    );
    assert_eq!(calques, 0);
}

#[test]
fn dated_events_carry_an_inferred_year() {
    let a = Archive::built();
    let conn = a.conn();
    let events = rows(
        &conn,
        "SELECT e.date, e.date_phrase, e.year_inferred, z.name FROM event e JOIN zone z ON z.id = e.zone_id ORDER BY e.date",
    );
    assert_eq!(
        events,
        vec![
            vec!["2020-01-20", "1月20日", "1", "成都高新区"],
            vec!["2020-01-23", "1月23日", "1", "襄阳高新区"],
            vec!["2020-01-27", "1月27日", "1", "成都高新区"],
            vec!["2020-02-02", "2月2日", "1", "成都高新区"],
        ]
    );
}

#[test]
fn organizations_form_a_hierarchy() {
    let a = Archive::built();
    let conn = a.conn();
    let shuangyuan = rows(
        &conn,
        "SELECT o.kind, p.name, h.name, z.name FROM organization o LEFT JOIN organization p ON p.id = o.parent_id \
         LEFT JOIN organization h ON h.id = o.host_id JOIN zone z ON z.id = o.zone_id WHERE o.name = '双源社区党委'",
    );
    assert_eq!(
        shuangyuan,
        vec![vec![
            "party_committee",
            "桂溪街道党工委",
            "双源社区",
            "成都高新区"
        ]]
    );
    // Bodies outside the zones have no zone.
    let outside: Vec<Vec<String>> = rows(
        &conn,
        "SELECT name FROM organization WHERE zone_id IS NULL AND name IN ('海南省委', '安徽省卫健委', '四川大学华西医院') ORDER BY name",
    );
    assert_eq!(outside.len(), 3);
}
