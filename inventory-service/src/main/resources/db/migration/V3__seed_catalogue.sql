-- The demo catalogue, seeded on first start.
INSERT INTO stock_item (sku, name, unit_price, currency, available, reserved, sold) VALUES
    ('SKU-001', 'Analytical Engine gear set',   19.99, 'EUR', 1000, 0, 0),
    ('SKU-002', 'Difference Engine crank',      49.50, 'EUR', 1000, 0, 0),
    ('SKU-003', 'Punched card pack (100)',       5.25, 'EUR', 5000, 0, 0),
    ('SKU-004', 'Brass column',                 12.00, 'EUR', 1000, 0, 0),
    ('SKU-005', 'Jacquard loom shuttle',        27.80, 'EUR',  500, 0, 0),
    ('SKU-006', 'Mill cylinder',                99.00, 'EUR',  200, 0, 0),
    ('SKU-007', 'Store register wheel',          7.45, 'EUR', 2000, 0, 0),
    ('SKU-008', 'Printing apparatus',          149.00, 'EUR',  100, 0, 0),
    ('SKU-009', 'Notes by the translator',      15.00, 'EUR', 1000, 0, 0),
    ('SKU-010', 'Limited edition blueprint',   250.00, 'EUR',    3, 0, 0);
