package dev.latent.training;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface TrainingRunRepository extends JpaRepository<TrainingRun, Long> {

    Page<TrainingRun> findAllByOrderByIdDesc(Pageable pageable);

    List<TrainingRun> findByStatusIn(List<RunStatus> statuses);

    /**
     * Marks runs left queued or running as abandoned: called by the holder of the training lease, when no
     * other run can be alive, so any such run belonged to a process that died.
     */
    @Modifying
    @Transactional
    @Query("UPDATE TrainingRun r SET r.status = dev.latent.training.RunStatus.ABANDONED, r.phase = 'abandoned', "
            + "r.error = 'abandoned: the process running it stopped before it finished' "
            + "WHERE r.status IN (dev.latent.training.RunStatus.QUEUED, dev.latent.training.RunStatus.RUNNING) "
            + "AND r.id <> :current")
    int abandonInterrupted(@Param("current") long current);
}
