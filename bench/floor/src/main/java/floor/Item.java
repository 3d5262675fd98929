package floor;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "floor_item")
public class Item extends PanacheEntityBase {
    @Id
    public UUID id;
    public String title;
    public String status;
    public int priority;
    @Column(name = "created_at")
    public Instant createdAt;
}
