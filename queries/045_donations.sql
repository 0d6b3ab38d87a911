-- name: donations
-- description: One row per gift, or purchase of goods for the cause, with donors, kind (raised, donated, special party dues, procured), material, quantity as printed and its value, recipient and quote; adds nothing; allocations are not donations and are left out (money-by-zone shows them)
-- keys: id
-- zone: yes
-- lists: donors "; "

-- donations: every row of the donation table whose kind the donations queries list
-- (donation_kind.in_donations: all but allocations), as the page prints it. `quantity_as_printed`
-- is the phrase (1000万元), `value` the number it stands for in `unit` with its `qualifier`; both
-- are NULL where the page gives no quantity. `note` holds the seed's judgement (a procured row
-- says it was bought, not said to be given).
CREATE VIEW donations AS
SELECT d.id AS id,
       z.name AS zone,
       (SELECT group_concat(name, '; ')
          FROM (SELECT o.name FROM donation_donor dd
                JOIN organization o ON o.id = dd.organization_id
                WHERE dd.donation_id = d.id ORDER BY o.id)
       ) AS donors,
       d.kind AS kind,
       m.name AS material,
       m.name_en AS material_en,
       d.quantity_phrase AS quantity_as_printed,
       d.quantity AS value,
       d.unit AS unit,
       d.qualifier AS qualifier,
       coalesce(r.name, d.recipient) AS recipient,
       d.purpose AS purpose,
       d.note AS note,
       c.quote AS quote
FROM donation d
JOIN donation_kind k ON k.kind = d.kind AND k.in_donations
JOIN zone z ON z.id = d.zone_id
JOIN material m ON m.id = d.material_id
LEFT JOIN organization r ON r.id = d.recipient_id
JOIN citation c ON c.id = d.citation_id
ORDER BY z.id, d.id;

-- The passages behind each row, joined on the key columns by `--sources`.
CREATE VIEW donations_sources AS
SELECT d.id AS id, cs.paragraph, cs.quote, cs.citation_id
FROM donation d
JOIN donation_kind k ON k.kind = d.kind AND k.in_donations
JOIN citation_source cs ON cs.citation_id = d.citation_id;
