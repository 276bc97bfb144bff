-- changed while the shadow is kept in sync
CREATE POLICY t_mine ON t USING (n > 0);
